import type { DiskLayout, Host } from '../../../contract';
import { shellQuote } from '../../common/shell';
import type { StepContext } from '../engine/definition';
import { splitSections } from '../collect-facts/parse-facts';
import {
  BY_ID_COMMAND,
  LSBLK_COMMAND,
  parseByIdLinks,
  parseLsblk,
  findDevice,
  type BlockDevice,
} from './block-devices';
import { PVS_COMMAND, blkidProbe, parseBlkid, parsePvs } from './disk-commands';
import { FSTAB, parseFstab, type FstabEntry } from './fstab';
import { layoutNames } from './layout';
import { parseMountpoint, probeMountpointCommand, type MountpointState } from './mountpoint';
import { rootRead } from './remote';

/** Everything the disk steps decide from, read in one round trip (changes nothing). */
export interface HostDisks {
  devices: BlockDevice[];
  byId: Map<string, string>;
  /** Kernel name behind /dev/md/<name> when that array is assembled. */
  mdName?: string | undefined;
  pvGroups: Map<string, string>;
  mountpoint: MountpointState;
  fstab: FstabEntry[];
  /** md driver present (or loadable), device-mapper present, udev running. */
  md: boolean;
  dm: boolean;
  udev: boolean;
  tools: Set<string>;
  mdadmConf: string;
}

const TOOLS = 'mdadm lvm mkfs.xfs mkfs.ext4 blkid blockdev findmnt mountpoint';

function surveyScript(layout: DiskLayout): string {
  const names = layoutNames(layout);
  return [
    `echo @@lsblk; ${LSBLK_COMMAND}`,
    `echo @@byid; ${BY_ID_COMMAND}`,
    `echo @@md; [ -e ${shellQuote(names.mdPath)} ] && readlink -f ${shellQuote(names.mdPath)}; true`,
    `echo @@pvs; ${PVS_COMMAND}`,
    `echo @@mount; ${probeMountpointCommand(layout.mountpoint)}`,
    `echo @@fstab; cat ${FSTAB} 2>/dev/null; true`,
    'echo @@support',
    '{ [ -e /proc/mdstat ] || modinfo md_mod >/dev/null 2>&1; } && echo md',
    '[ -e /dev/mapper/control ] && echo dm',
    '[ -S /run/udev/control ] && echo udev',
    `for t in ${TOOLS}; do command -v "$t" >/dev/null 2>&1 && echo "tool=$t"; done`,
    '[ -d /etc/mdadm ] && echo conf=/etc/mdadm/mdadm.conf || echo conf=/etc/mdadm.conf',
  ].join('\n');
}

export async function surveyHost(
  ctx: Pick<StepContext<unknown>, 'ssh'>,
  host: Host,
  layout: DiskLayout,
): Promise<HostDisks> {
  const out = await rootRead(ctx, host, surveyScript(layout), {
    purpose: 'read the block devices, mountpoint and /etc/fstab',
    timeoutMs: 60_000,
  });
  const s = splitSections(out.stdout);
  const support = (s.get('support') ?? '').split('\n').map((l) => l.trim());
  const mdPath = (s.get('md') ?? '').trim();
  return {
    devices: parseLsblk(s.get('lsblk') ?? ''),
    byId: parseByIdLinks(s.get('byid') ?? ''),
    mdName: mdPath ? mdPath.replace(/^\/dev\//, '') : undefined,
    pvGroups: parsePvs(s.get('pvs') ?? ''),
    mountpoint: parseMountpoint(s.get('mount') ?? ''),
    fstab: parseFstab(s.get('fstab') ?? ''),
    md: support.includes('md'),
    dm: support.includes('dm'),
    udev: support.includes('udev'),
    tools: new Set(support.filter((l) => l.startsWith('tool=')).map((l) => l.slice(5))),
    mdadmConf: support.find((l) => l.startsWith('conf='))?.slice(5) ?? '/etc/mdadm/mdadm.conf',
  };
}

/** The device the filesystem lives on, as lsblk shows it (when it exists yet). */
export function filesystemBlockDevice(
  disks: HostDisks,
  layout: DiskLayout,
  devices: readonly string[],
): BlockDevice | undefined {
  const names = layoutNames(layout);
  if (layout.lvm) return disks.devices.find((d) => d.name === names.dmName && d.type === 'lvm');
  if (layout.raid0)
    return disks.mdName ? disks.devices.find((d) => d.name === disks.mdName) : undefined;
  return devices[0] ? findDevice(disks.devices, devices[0]) : undefined;
}

/**
 * lsblk learns filesystems from udev's database; where udev does not run (containers, rescue
 * systems) it shows none. A low-level blkid probe of the named devices fills that in, so a
 * filesystem or partition table is never missed.
 */
export async function probeSignatures(
  ctx: Pick<StepContext<unknown>, 'ssh'>,
  host: Host,
  all: BlockDevice[],
  paths: readonly string[],
): Promise<BlockDevice[]> {
  if (!paths.length) return all;
  const script = paths.map((p) => `echo @@probe; ${blkidProbe(p)} 2>/dev/null; true`).join('; ');
  const out = await rootRead(ctx, host, script, { purpose: 'probe the devices for signatures' });
  const parts = out.stdout.split('@@probe\n').slice(1);
  return all.map((d) => {
    const i = paths.findIndex((p) => findDevice([d], p));
    const sig = i >= 0 ? parseBlkid(parts[i] ?? '') : {};
    return {
      ...d,
      ...(d.fstype || !sig.type ? {} : { fstype: sig.type }),
      ...(d.uuid || !sig.uuid ? {} : { uuid: sig.uuid }),
      ...(d.label || !sig.label ? {} : { label: sig.label }),
      ...(sig.ptType ? { ptType: sig.ptType } : {}),
    };
  });
}
