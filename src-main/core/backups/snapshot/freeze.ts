import { shellQuote as q } from '../../common/shell';

export const FROZEN = '@@opsdeck-frozen';
export const THAWED = '@@opsdeck-thawed';

/**
 * The freeze, guarded on the host itself: `fsfreeze -f`, then wait for a line on stdin — sent by
 * Opsdeck once the snapshots are started — or `maxSec`, or stdin closing (Opsdeck gone, the SSH
 * connection dropped): in every case, and on any signal, the filesystem is thawed. So a frozen
 * filesystem can never outlive `maxSec`, whatever happens to Opsdeck.
 */
export function guardedFreeze(mountpoint: string, maxSec: number): string {
  const mp = q(mountpoint);
  return [
    `fsfreeze -f ${mp} || exit 3`,
    `trap 'fsfreeze -u ${mp} 2>/dev/null' EXIT HUP INT TERM`,
    `echo ${FROZEN}`,
    `read -r -t ${Math.ceil(maxSec)} _ || true`,
    `fsfreeze -u ${mp} && echo ${THAWED}`,
    `trap - EXIT`,
  ].join('; ');
}
