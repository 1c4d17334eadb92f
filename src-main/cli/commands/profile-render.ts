import { PROFILE_KEYS, type Host } from '../../contract';
import { formatTable } from '../output';

/** A host's server profile for people: each value, where it came from, what detection found. */
export function renderProfile(host: Host): string {
  const meta = host.profileMeta;
  const rows = PROFILE_KEYS.flatMap((key) => {
    const value = host.profile[key];
    const detected = meta?.detected[key];
    if (value === undefined && detected === undefined) return [];
    const origin = meta?.origins[key];
    const from =
      origin === 'user'
        ? `yours${detected !== undefined && detected !== value ? ` (detected: ${String(detected)})` : ''}`
        : origin === 'detected'
          ? 'detected'
          : '';
    return [[key, value === undefined ? '-' : String(value), from]];
  });
  const lines = [
    `${host.name} (${host.user}@${host.address})`,
    formatTable(['KEY', 'VALUE', 'FROM'], rows),
  ];
  lines.push(
    meta?.detectedAt
      ? `Detected ${meta.detectedAt}. Your values win; \`--set key=\` goes back to the detected one.`
      : `Never detected: \`opsdeck hosts profile ${host.name} --detect\`.`,
  );
  for (const note of meta?.notes ?? []) lines.push(`note: ${note}`);
  return lines.join('\n');
}
