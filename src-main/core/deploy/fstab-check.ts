import { parseFstab } from '../workflows/prepare-disks/fstab';
import { parseMounts } from '../metrics/proc/parse-df';

/** Types that are not mounted at a path (swap) or not by the kernel at boot. */
const NOT_MOUNTED = new Set(['swap', 'none', 'ignore']);

/**
 * Which fstab entries are not mounted: every entry with a path (not swap), not `noauto`, must
 * appear in /proc/mounts at that path. Returns the missing mount points and how many were checked.
 */
export function unmountedFstabEntries(
  fstab: string,
  procMounts: string,
): { checked: string[]; missing: string[] } {
  const mounted = parseMounts(procMounts.split('\n'));
  const checked: string[] = [];
  const missing: string[] = [];
  for (const e of parseFstab(fstab)) {
    if (
      !e.file.startsWith('/') ||
      NOT_MOUNTED.has(e.vfstype) ||
      e.options.split(',').includes('noauto')
    )
      continue;
    checked.push(e.file);
    if (!mounted.has(e.file)) missing.push(e.file);
  }
  return { checked, missing };
}
