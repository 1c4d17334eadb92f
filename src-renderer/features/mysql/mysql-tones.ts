import type { Health, Lag, MasterVerdict } from '../../../src-main/contract';
import type { Tone } from '../../ui/status';

export const healthTone = (h: Health): Tone =>
  h === 'ok' ? 'ok' : h === 'warning' ? 'warn' : h === 'critical' ? 'crit' : 'unknown';

export const verdictTone = (v: MasterVerdict): Tone =>
  v === 'alive'
    ? 'ok'
    : v === 'dead'
      ? 'crit'
      : v === 'partition' || v === 'unreachable-by-opsdeck'
        ? 'warn'
        : 'unknown';

/** "0.4 s" from the heartbeat, "3 s (coarse)" from Seconds_Behind_Master, "—" unknown. */
export function lagText(lag: Lag | undefined): string {
  if (!lag || lag.seconds === null) return '—';
  return lag.source === 'heartbeat'
    ? `${lag.seconds.toFixed(1)} s`
    : `${Math.round(lag.seconds)} s (coarse)`;
}
