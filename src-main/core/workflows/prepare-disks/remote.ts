import type { Host } from '../../../contract';
import { asRoot, needsSudo } from '../../ssh/privilege';
import { checkSudo as checkSudoFor, rootRead, rootWrite } from '../as-root';
import type { StepContext } from '../engine/definition';

/** Disk work needs root: a login other than root (or a profile that says so) uses `sudo -n`. */
export { asRoot, needsSudo, rootRead, rootWrite };

/** Fails early, with what to do, when sudo would ask for a password. */
export const checkSudo = (ctx: Pick<StepContext<unknown>, 'ssh'>, host: Host) =>
  checkSudoFor(ctx, host, 'preparing disks');
