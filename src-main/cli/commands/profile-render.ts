import { PROFILE_KEYS, configCheckLine, type Host, type ServerProfile } from '../../contract';
import { formatTable } from '../output';

/** A value as text (config check rules: `path | validate | reload`, `; ` between rules). */
const text = (value: ServerProfile[keyof ServerProfile]): string =>
  Array.isArray(value) ? value.map(configCheckLine).join('; ') : String(value);

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
        ? `yours${detected !== undefined && text(detected) !== text(value) ? ` (detected: ${text(detected)})` : ''}`
        : origin === 'detected'
          ? 'detected'
          : '';
    return [[key, value === undefined ? '-' : text(value), from]];
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
