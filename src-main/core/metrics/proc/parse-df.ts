import type { FsUsage } from './snapshot';

/** Filesystems that hold no data worth a chart (kernel views, memory, images, autofs stubs). */
const PSEUDO = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'tmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'securityfs',
  'pstore',
  'debugfs',
  'tracefs',
  'mqueue',
  'hugetlbfs',
  'fusectl',
  'configfs',
  'binfmt_misc',
  'autofs',
  'rpc_pipefs',
  'nsfs',
  'squashfs',
  'iso9660',
  'ramfs',
  'efivarfs',
  'bpf',
  'selinuxfs',
  'overlay',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'fuse.portal',
  'nfsd',
]);

/** /proc/mounts escapes space, tab, newline and backslash as octal (`\040`). */
const unescape = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** /proc/mounts → mount point → fstype (the last mount of a point wins, as the kernel shows it). */
export function parseMounts(lines: readonly string[]): Map<string, string> {
  const types = new Map<string, string>();
  for (const line of lines) {
    const [, mount, fstype] = line.split(' ');
    if (mount && fstype) types.set(unescape(mount), fstype);
  }
  return types;
}

/**
 * `df -P -k` (POSIX output: 1024-byte blocks, one line per filesystem, the mount point last and
 * possibly with spaces) joined with /proc/mounts for the type; pseudo and tiny filesystems are
 * left out. Without /proc/mounts every real-looking line is kept.
 */
export function parseDf(
  dfLines: readonly string[],
  mounts: ReadonlyMap<string, string>,
): FsUsage[] {
  const out: FsUsage[] = [];
  const seen = new Set<string>();
  for (const line of dfLines) {
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\/.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const [, device, size, used, avail, , mount] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const fstype = mounts.get(mount);
    if (fstype && (PSEUDO.has(fstype) || fstype.startsWith('fuse.snap'))) continue;
    const sizeBytes = Number(size) * 1024;
    if (sizeBytes < 16 * 1024 * 1024 || seen.has(mount)) continue;
    seen.add(mount);
    out.push({
      mount,
      device,
      ...(fstype ? { fstype } : {}),
      sizeBytes,
      usedBytes: Number(used) * 1024,
      availBytes: Number(avail) * 1024,
    });
  }
  return out;
}
