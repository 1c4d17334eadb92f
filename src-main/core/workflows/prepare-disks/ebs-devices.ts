import { findDevice, type BlockDevice } from './block-devices';

/** The NVMe serial of an EBS volume: `vol-0abc` → `vol0abc`. */
export const ebsSerial = (volumeId: string) => volumeId.replace(/^vol-/, 'vol');

/** The link udev makes for an EBS volume on a Nitro instance. */
export const ebsByIdLink = (volumeId: string) =>
  `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${ebsSerial(volumeId)}`;

/** Names the kernel may give the device attached as `/dev/sdX`: Xen calls it `xvdX`. */
export function attachNameCandidates(device: string): string[] {
  const letter = /^\/dev\/(?:sd|xvd)([a-z]+)$/.exec(device)?.[1];
  return letter ? [`/dev/xvd${letter}`, `/dev/sd${letter}`] : [device];
}

export interface FoundDevice {
  path: string;
  /** How it was recognised, for the run log. */
  via: string;
}

/**
 * The real device of an attached EBS volume: on Nitro the NVMe device whose serial is the
 * volume id (udev's by-id link, else lsblk's SERIAL), on Xen `/dev/xvdX` for `/dev/sdX`, else
 * the attach name itself. Undefined while the kernel has not shown it yet.
 */
export function findEbsDevice(
  volume: { volumeId: string; device: string },
  devices: readonly BlockDevice[],
  byId: ReadonlyMap<string, string>,
): FoundDevice | undefined {
  const link = ebsByIdLink(volume.volumeId);
  const linked = byId.get(link);
  const viaLink = linked ? findDevice(devices, linked) : undefined;
  if (viaLink) return { path: viaLink.path, via: link };
  const serial = ebsSerial(volume.volumeId);
  const viaSerial = devices.find((d) => d.serial === serial && d.type === 'disk');
  if (viaSerial) return { path: viaSerial.path, via: `NVMe serial ${serial}` };
  for (const candidate of attachNameCandidates(volume.device)) {
    const named = findDevice(devices, candidate);
    if (named)
      return {
        path: named.path,
        via: candidate === volume.device ? 'attach name' : `${volume.device} → ${candidate}`,
      };
  }
  return undefined;
}
