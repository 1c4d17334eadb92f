/** EBS data device names, pure: /dev/sdf … /dev/sdp, with xvdX and sdX the same slot. */
const LETTERS = 'fghijklmnop';

const slot = (device: string) => /(?:sd|xvd)([a-z])\d*$/.exec(device)?.[1];

/** The first free data device given the devices already used on the instance. */
export function nextDevice(used: readonly string[]): string {
  const taken = new Set(used.map(slot));
  for (const l of LETTERS) if (!taken.has(l)) return `/dev/sd${l}`;
  return '/dev/sdp';
}

/** `n` free devices in order. */
export function nextDevices(used: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(nextDevice([...used, ...out]));
  return out;
}
