import { OpsdeckError } from '../../../contract';

export const FSTAB = '/etc/fstab';

export interface FstabEntry {
  spec: string;
  file: string;
  vfstype: string;
  options: string;
}

/** fstab(5): comments and blank lines skipped, `\040`-style octal escapes decoded. */
export function parseFstab(text: string): FstabEntry[] {
  const unescape = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
  const entries: FstabEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [spec, file, vfstype, options] = line.split(/\s+/);
    if (!spec || !file) continue;
    entries.push({
      spec: unescape(spec),
      file: unescape(file),
      vfstype: vfstype ?? '',
      options: options ?? '',
    });
  }
  return entries;
}

/**
 * Is the filesystem `UUID=uuid` at `mountpoint` already in fstab? `present` once, `absent`
 * when neither is named; CONFLICT when the mountpoint belongs to another entry, or this UUID
 * is mounted elsewhere, or the entry is there more than once.
 */
export function fstabStatus(
  hostName: string,
  entries: readonly FstabEntry[],
  uuid: string | undefined,
  mountpoint: string,
): 'present' | 'absent' {
  const spec = uuid ? `UUID=${uuid}` : undefined;
  const atPath = entries.filter((e) => e.file.replace(/\/+$/, '') === mountpoint);
  const other = atPath.find((e) => e.spec !== spec);
  if (other)
    throw new OpsdeckError(
      'CONFLICT',
      `/etc/fstab on ${hostName} already mounts ${other.spec} at ${mountpoint}.`,
      'Choose another mountpoint, or remove that line from /etc/fstab if it is stale, then resume.',
    );
  const elsewhere = spec
    ? entries.find((e) => e.spec === spec && e.file !== mountpoint)
    : undefined;
  if (elsewhere)
    throw new OpsdeckError(
      'CONFLICT',
      `/etc/fstab on ${hostName} already mounts ${spec} at ${elsewhere.file}.`,
      'Use that mountpoint, or edit /etc/fstab yourself, then resume.',
    );
  if (atPath.length > 1)
    throw new OpsdeckError(
      'CONFLICT',
      `/etc/fstab on ${hostName} lists ${mountpoint} ${atPath.length} times.`,
      'Keep one line for it in /etc/fstab, then resume.',
    );
  return atPath.length ? 'present' : 'absent';
}
