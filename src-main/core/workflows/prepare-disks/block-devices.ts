import { OpsdeckError } from '../../../contract';
import { showArgument, unsafeArgumentReason } from '../../command-args';

const COLUMNS = 'SIZE,TYPE,SERIAL,FSTYPE,LABEL,UUID,MOUNTPOINT,PKNAME';
/**
 * The lsblk columns the disk steps read (bytes, JSON, whole tree). util-linux before 2.33
 * (Amazon Linux 2, CentOS 7) has no PATH column: then the same without it.
 */
export const LSBLK_COMMAND = `lsblk -J -b -o NAME,PATH,${COLUMNS} 2>/dev/null || lsblk -J -b -o NAME,${COLUMNS}`;

/** Every /dev/disk/by-id link with the device it points to (`link<TAB>target`). */
export const BY_ID_COMMAND =
  'for l in /dev/disk/by-id/*; do [ -L "$l" ] && printf \'%s\\t%s\\n\' "$l" "$(readlink -f "$l")"; done; true';

export interface BlockDevice {
  name: string;
  path: string;
  sizeBytes: number;
  /** disk, part, loop, raid0, lvm, … as lsblk says. */
  type: string;
  serial?: string;
  fstype?: string;
  label?: string;
  uuid?: string;
  mountpoint?: string;
  /** Partition table type (from a blkid probe). */
  ptType?: string;
  /** Names of the devices this one sits on (partition's disk, array's members, LV's PVs). */
  parents: string[];
  /** Names of the devices that sit on this one. */
  children: string[];
}

interface RawDevice {
  name?: unknown;
  path?: unknown;
  size?: unknown;
  type?: unknown;
  serial?: unknown;
  fstype?: unknown;
  label?: unknown;
  uuid?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  pkname?: unknown;
  children?: unknown;
}

/** Where the device node is when lsblk is too old to say (device-mapper names live in /dev/mapper). */
const defaultPath = (name: string, type: string | undefined) =>
  type === 'lvm' || type === 'crypt' || type?.startsWith('dm')
    ? `/dev/mapper/${name}`
    : `/dev/${name}`;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/**
 * `lsblk -J` output as a flat list, one entry per device. In the tree an array or logical volume
 * appears under each of its members; here it is one entry whose `parents` names them all.
 */
export function parseLsblk(json: string): BlockDevice[] {
  let doc: { blockdevices?: unknown };
  try {
    doc = JSON.parse(json) as { blockdevices?: unknown };
  } catch {
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      'lsblk did not print JSON.',
      'Opsdeck needs util-linux 2.27 or newer (lsblk -J) on the host.',
    );
  }
  const byName = new Map<string, BlockDevice>();
  const link = (parent: string | undefined, child: BlockDevice) => {
    if (!parent || parent === child.name) return;
    if (!child.parents.includes(parent)) child.parents.push(parent);
    const p = byName.get(parent);
    if (p && !p.children.includes(child.name)) p.children.push(child.name);
  };
  const visit = (raw: RawDevice, parent: string | undefined) => {
    const name = str(raw.name);
    if (!name) return;
    const path = str(raw.path);
    refuseOddDevice(name, path);
    let device = byName.get(name);
    if (!device) {
      const mounts = Array.isArray(raw.mountpoints) ? raw.mountpoints.map(str).filter(Boolean) : [];
      const mountpoint = str(raw.mountpoint) ?? mounts[0];
      device = {
        name,
        path: path ?? defaultPath(name, str(raw.type)),
        sizeBytes: Number(raw.size ?? 0) || 0,
        type: str(raw.type) ?? 'unknown',
        parents: [],
        children: [],
      };
      const optional = {
        serial: str(raw.serial),
        fstype: str(raw.fstype),
        label: str(raw.label),
        uuid: str(raw.uuid),
        mountpoint,
      };
      for (const [k, v] of Object.entries(optional)) if (v) Object.assign(device, { [k]: v });
      byName.set(name, device);
    }
    link(parent ?? str(raw.pkname), device);
    if (Array.isArray(raw.children))
      for (const child of raw.children as RawDevice[]) visit(child, name);
  };
  const roots = Array.isArray(doc.blockdevices) ? (doc.blockdevices as RawDevice[]) : [];
  for (const raw of roots) visit(raw, undefined);
  // Links named by PKNAME before their parent was seen.
  for (const d of byName.values())
    for (const parent of d.parents) {
      const p = byName.get(parent);
      if (p && !p.children.includes(d.name)) p.children.push(d.name);
    }
  return [...byName.values()];
}

/**
 * Names and paths from the host go on mkfs/mdadm/pvcreate command lines (issue 12 #3). A device
 * whose name or path could be read as an option, or holds control characters, is not skipped
 * (hiding it could hide that a disk is in use): the whole listing is refused.
 */
function refuseOddDevice(name: string, path: string | undefined): void {
  const why =
    unsafeArgumentReason(name) ??
    (path === undefined
      ? undefined
      : path.startsWith('/dev/')
        ? unsafeArgumentReason(path)
        : 'is not under /dev');
  if (why)
    throw new OpsdeckError(
      'SSH_COMMAND_FAILED',
      `lsblk on the host lists a device ${showArgument(path ?? name)} whose name ${why}.`,
      'Opsdeck builds disk commands from these names and will not use this listing; check the host (udev rules, device names) first.',
    );
}

/** `link<TAB>target` lines (BY_ID_COMMAND) as a map from link path to device path. */
export function parseByIdLinks(text: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [link, target] = line.split('\t');
    const to = target?.trim();
    if (link?.startsWith('/dev/') && to?.startsWith('/dev/') && !unsafeArgumentReason(link + to))
      links.set(link, to);
  }
  return links;
}

/** A device by path or name (`/dev/xvdf`, `xvdf`). */
export function findDevice(devices: readonly BlockDevice[], pathOrName: string) {
  const name = pathOrName.replace(/^\/dev\//, '');
  return devices.find((d) => d.path === pathOrName || d.name === name);
}
