/** EC2 states in the one status vocabulary (ok / warn / crit / unknown, busy while changing). */
import type { Tone } from '../../../ui/status';

const TONES: Record<string, Tone> = {
  // instances
  running: 'ok',
  pending: 'busy',
  stopping: 'busy',
  'shutting-down': 'busy',
  stopped: 'warn',
  terminated: 'unknown',
  // volumes and attachments
  'in-use': 'ok',
  attached: 'ok',
  available: 'ok',
  creating: 'busy',
  attaching: 'busy',
  detaching: 'busy',
  deleting: 'busy',
  deleted: 'unknown',
  error: 'crit',
  // snapshots and images
  completed: 'ok',
  failed: 'crit',
  invalid: 'crit',
  deregistered: 'unknown',
  // zones
  impaired: 'warn',
  unavailable: 'crit',
  information: 'unknown',
  // addresses (derived)
  associated: 'ok',
  unassociated: 'unknown',
};

export function stateTone(state: string): Tone {
  return TONES[state] ?? 'unknown';
}

/** A row in a state EC2 is still changing: worth refreshing soon. */
export const isTransitional = (state: string) => stateTone(state) === 'busy';

/** An unattached volume is fine but worth noticing (billed, unused). */
export function volumeTone(state: string): Tone {
  return state === 'available' ? 'unknown' : stateTone(state);
}
