import type { Host } from '../../../../contract';
import { asRootPipeline } from '../../../ssh/privilege';

/** The dump tool's last line: a dump without it stopped part-way (an error, a kill). */
export const DUMP_COMPLETED = /^-- Dump completed/;

/**
 * The master's side of a seed (a dump or a hot backup), as root and throttled when asked: with
 * pipefail through sudo too, so a tool that fails under the throttle (`| pv`) fails the seed
 * instead of exiting 0 with pv's status.
 */
export function seedSourceCommand(master: Host, tool: string, throttleKiBps?: number): string {
  return asRootPipeline(master, throttleKiBps ? `${tool} | pv -q -L ${throttleKiBps}k` : tool);
}
