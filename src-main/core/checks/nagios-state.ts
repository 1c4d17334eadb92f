import type { CheckState } from '../../contract';
import type { CheckResult } from './evaluate';

/** Results kept for flap detection (Nagios: 21 states, 20 transitions). */
export const FLAP_WINDOW = 21;
/** Nagios' default service flap thresholds (% weighted state change): start at 20, stop below 5. */
export const FLAP_HIGH = 20;
export const FLAP_LOW = 5;

/** What the engine remembers of one check on one host. */
export interface CheckMemory {
  state: CheckState;
  hard: boolean;
  /** Results in a row in this (problem) state; 1 for OK. */
  attempt: number;
  since: string;
  lastCheck: string;
  value: number | null;
  output: string;
  /** The last FLAP_WINDOW result states, oldest first. */
  history: CheckState[];
  flapping: boolean;
  stateChangePct: number;
}

export interface Change {
  kind: 'state' | 'flapping-start' | 'flapping-stop';
  from: CheckState;
  to: CheckState;
  hard: boolean;
  notify: boolean;
}

/**
 * Nagios' weighted percent state change: over the last 21 results, each of the 20 transitions
 * that changed state counts with a weight from 0.8 (oldest) to 1.2 (newest).
 */
export function stateChangePct(history: readonly CheckState[]): number {
  const n = history.length - 1;
  if (n < 1) return 0;
  let total = 0;
  for (let i = 1; i <= n; i++) {
    if (history[i] !== history[i - 1])
      total += 0.8 + (0.4 * (i - 1)) / Math.max(1, FLAP_WINDOW - 2);
  }
  return (100 * total) / (FLAP_WINDOW - 1);
}

/**
 * The next state of a check after one result, with Nagios semantics:
 * - a problem starts SOFT (attempt 1) and becomes HARD after `attempts` results in a row;
 * - from a HARD problem, a change to another problem state is HARD at once;
 * - OK after a HARD problem is a HARD recovery; after a SOFT one, a soft recovery (no notice);
 * - only HARD changes notify, and not while the check is flapping (weighted state change above
 *   the high threshold; it stops flapping below the low one).
 */
export function advance(
  before: CheckMemory | undefined,
  result: CheckResult,
  at: string,
  options: { attempts: number; notify: boolean; low?: number; high?: number },
): { next: CheckMemory; changes: Change[] } {
  const prev: CheckMemory = before ?? {
    state: 'OK',
    hard: true,
    attempt: 1,
    since: at,
    lastCheck: at,
    value: null,
    output: '',
    history: [],
    flapping: false,
    stateChangePct: 0,
  };
  const history = [...prev.history, result.state].slice(-FLAP_WINDOW);
  const pct = stateChangePct(history);
  const changes: Change[] = [];
  let flapping = prev.flapping;
  if (!flapping && pct >= (options.high ?? FLAP_HIGH)) {
    flapping = true;
    changes.push({
      kind: 'flapping-start',
      from: prev.state,
      to: result.state,
      hard: true,
      notify: options.notify,
    });
  } else if (flapping && pct < (options.low ?? FLAP_LOW)) {
    flapping = false;
    changes.push({
      kind: 'flapping-stop',
      from: prev.state,
      to: result.state,
      hard: true,
      notify: options.notify,
    });
  }

  let state = prev.state;
  let hard = prev.hard;
  let attempt = prev.attempt;
  let since = prev.since;
  const to = result.state;
  if (to === prev.state) {
    if (!prev.hard) {
      attempt = Math.min(prev.attempt + 1, options.attempts);
      if (attempt >= options.attempts) hard = true;
    }
  } else if (to === 'OK') {
    // Recovery: HARD if the problem was confirmed, otherwise a soft recovery.
    state = 'OK';
    hard = true;
    attempt = 1;
    since = at;
    changes.push({
      kind: 'state',
      from: prev.state,
      to,
      hard: prev.hard,
      notify: prev.hard && options.notify && !flapping,
    });
  } else {
    state = to;
    since = at;
    if (prev.state === 'OK') attempt = 1;
    else if (!prev.hard) attempt = Math.min(prev.attempt + 1, options.attempts);
    hard = (prev.state !== 'OK' && prev.hard) || attempt >= options.attempts;
  }
  // A problem that just became HARD (by attempts, or at once) is announced as HARD.
  if (to !== 'OK' && hard && (!prev.hard || to !== prev.state)) {
    changes.push({
      kind: 'state',
      from: prev.state,
      to,
      hard: true,
      notify: options.notify && !flapping,
    });
  } else if (to !== 'OK' && !hard && to !== prev.state) {
    changes.push({ kind: 'state', from: prev.state, to, hard: false, notify: false });
  }
  return {
    next: {
      state,
      hard,
      attempt,
      since,
      lastCheck: at,
      value: result.value,
      output: result.output,
      history,
      flapping,
      stateChangePct: Math.round(pct * 10) / 10,
    },
    changes,
  };
}
