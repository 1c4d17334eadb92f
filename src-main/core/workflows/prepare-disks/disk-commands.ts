import { replaceFromTemp } from '../../common/replace-from-temp';
import { shellQuote as q } from '../../common/shell';
import type { DiskLayout } from '../../../contract';
import type { LayoutNames } from './layout';

/**
 * Command lines for the disk steps: pure, so the plan shows exactly what a run executes. Each
 * one refuses on its own to overwrite data (mkfs.xfs without -f, mkfs.ext4 without -F), as a
 * second guard behind the device rules.
 */

export const MOUNT_OPTIONS = 'defaults,noatime,nofail';

/** RAID0 over the devices; --run because the devices were checked blank (no question to ask). */
export const mdadmCreate = (names: LayoutNames, devices: readonly string[], chunkKiB: number) =>
  `mdadm --create ${q(names.mdPath)} --level=0 --raid-devices=${devices.length} --chunk=${chunkKiB} --metadata=1.2 --name=${q(names.name)} --run ${devices.map(q).join(' ')}`;

export const mdadmDetail = (mdPath: string) => `mdadm --detail --export ${q(mdPath)}`;

/** The ARRAY line for mdadm.conf. */
export const mdadmBrief = (mdPath: string) => `mdadm --detail --brief ${q(mdPath)}`;

export interface MdDetail {
  level?: string;
  raidDevices: number;
  uuid?: string;
  members: string[];
}

/** `mdadm --detail --export`: MD_LEVEL, MD_DEVICES, MD_UUID, MD_DEVICE_<x>_DEV. */
export function parseMdDetail(text: string): MdDetail {
  const detail: MdDetail = { raidDevices: 0, members: [] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split('=');
    const value = rest.join('=');
    if (key === 'MD_LEVEL') detail.level = value;
    else if (key === 'MD_DEVICES') detail.raidDevices = Number.parseInt(value, 10) || 0;
    else if (key === 'MD_UUID') detail.uuid = value;
    else if (key && /^MD_DEVICE_.+_DEV$/.test(key)) detail.members.push(value);
  }
  return detail;
}

/**
 * Without a running udev (containers, rescue systems) LVM would wait for udev forever:
 * tell it not to. With udev the defaults stay.
 */
const lvmNoUdev = (udev: boolean) =>
  udev ? '' : ` --config ${q('activation { udev_sync = 0 udev_rules = 0 }')}`;

export function lvmCreate(
  names: LayoutNames,
  pvs: readonly string[],
  layout: Pick<DiskLayout, 'raid0' | 'chunkKiB'>,
  udev: boolean,
): string[] {
  const cfg = lvmNoUdev(udev);
  const stripes = !layout.raid0 && pvs.length > 1 ? ` -i ${pvs.length} -I ${layout.chunkKiB}k` : '';
  return [
    `pvcreate${cfg} ${pvs.map(q).join(' ')}`,
    `vgcreate${cfg} ${q(names.vg)} ${pvs.map(q).join(' ')}`,
    // A new LV on blank PVs: wiping stale signatures on it is safe, so no question is asked.
    `lvcreate${cfg} --yes --wipesignatures y -n ${q(names.lv)} -l 100%FREE${stripes} ${q(names.vg)}`,
  ];
}

/** Physical volumes and their groups, as `path|vg` lines. */
export const PVS_COMMAND = "pvs --noheadings --separator '|' -o pv_name,vg_name 2>/dev/null; true";

export function parsePvs(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [pv, vg] = line.trim().split('|');
    if (pv?.startsWith('/dev/')) map.set(pv, vg?.trim() ?? '');
  }
  return map;
}

export const lvPresent = (names: LayoutNames) =>
  `lvs --noheadings -o lv_name ${q(`${names.vg}/${names.lv}`)}`;

export function mkfs(fs: DiskLayout['filesystem'], device: string, label: string): string {
  return fs === 'xfs'
    ? `mkfs.xfs -L ${q(label)} ${q(device)}`
    : `mkfs.ext4 -q -L ${q(label)} ${q(device)}`;
}

/** Low-level probe (no cache): TYPE, UUID, LABEL as KEY=value lines; exit 2 when empty. */
export const blkidProbe = (device: string) => `blkid -p -o export ${q(device)}`;

export interface Signature {
  type?: string;
  uuid?: string;
  label?: string;
  /** Partition table type (gpt, dos) when the device has one. */
  ptType?: string;
}

export function parseBlkid(text: string): Signature {
  const out: Signature = {};
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split('=');
    const value = rest.join('=');
    if (key === 'TYPE') out.type = value;
    else if (key === 'UUID') out.uuid = value;
    else if (key === 'LABEL') out.label = value;
    else if (key === 'PTTYPE') out.ptType = value;
  }
  return out;
}

export const fstabLine = (uuid: string, mountpoint: string, fs: string) =>
  `UUID=${uuid} ${mountpoint} ${fs} ${MOUNT_OPTIONS} 0 2`;

/** blockdev counts read-ahead in 512-byte sectors. */
export const setReadahead = (device: string, kib: number) =>
  `blockdev --setra ${kib * 2} ${q(device)}`;
export const getReadahead = (device: string) => `blockdev --getra ${q(device)}`;

/** Keeps the read-ahead across reboots: udev sets it when the filesystem's device appears. */
export const readaheadRulePath = (names: LayoutNames) =>
  `/etc/udev/rules.d/99-opsdeck-readahead-${names.name}.rules`;
export const readaheadRule = (uuid: string, kib: number) =>
  `ACTION=="add|change", SUBSYSTEM=="block", ENV{ID_FS_UUID}=="${uuid}", ATTR{queue/read_ahead_kb}="${kib}"\n`;

/** Temp file `$t` in place of `$f` (in place when `$f` is a mount point; writeFileCommand's files have no backup). */
const REPLACE_FROM_TEMP = replaceFromTemp();

/**
 * Temp file `$t` in place of `$f`, keeping `backup`: over a mount point the write is in place
 * (truncate, then write), so the backup is made first if it is not there yet, and a failed write
 * puts it back — the message says whether it did, and where the backup is.
 */
const replaceKeeping = (backup: string) =>
  replaceFromTemp({
    beforeInPlace: `[ -e ${q(backup)} ] || cp -p -- "$f" ${q(backup)}`,
    inPlaceFailed: [
      `if cat -- ${q(backup)} > "$f"; then`,
      `  echo "opsdeck: could not write $f in place (it is a mount point); restored from "${q(backup)} >&2`,
      'else',
      `  echo "opsdeck: could not write $f in place (it is a mount point), nor put its backup back: it may be truncated or partial; restore it from "${q(backup)} >&2`,
      'fi',
      'rm -f -- "$t"',
      'exit 1',
    ].join('\n'),
  });

/**
 * Add one line to a config file without ever leaving it half written: a dated backup
 * (`<file>.opsdeck-<stamp>.bak`), the new content in a temp file beside it, then rename(2)
 * (in place when the file is a mount point, the backup put back if that write fails:
 * replaceKeeping). Does nothing when the exact line is already there.
 */
export function appendLineCommand(path: string, line: string, backup: string): string {
  return [
    'set -e',
    `f=${q(path)}`,
    't="$f.opsdeck-new"',
    `if [ -e "$f" ]; then if grep -qxF -- ${q(line)} "$f"; then exit 0; fi; cp -p "$f" ${q(backup)}; cp -p "$f" "$t"; else : > "$t"; fi`,
    'if [ -n "$(tail -c 1 "$t")" ]; then echo >> "$t"; fi',
    `printf '%s\\n' ${q(line)} >> "$t"`,
    replaceKeeping(backup),
  ].join('; ');
}

/** Write a whole small file the same way (temp file, rename; in place over a mount point). */
export function writeFileCommand(path: string, content: string): string {
  return `f=${q(path)} && t="$f.opsdeck-new" && printf '%s' ${q(content)} > "$t" && chmod 644 "$t" && ${REPLACE_FROM_TEMP}`;
}

export const statOwner = (path: string, withGroup: boolean) =>
  `stat -c ${withGroup ? '%U:%G' : '%U'} ${q(path)}`;
