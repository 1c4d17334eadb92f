import type { CheckState, RunStatus, StepStatus } from '../../src-main/contract';

/** The one status vocabulary of the UI: colours mean the same thing on every screen. */
export type Tone = 'ok' | 'warn' | 'crit' | 'unknown' | 'busy';

export function runTone(status: RunStatus): Tone {
  switch (status) {
    case 'succeeded':
      return 'ok';
    case 'running':
    case 'compensating':
      return 'busy';
    case 'failed':
      return 'crit';
    case 'waiting':
    case 'cancelled':
    case 'interrupted':
    case 'rolled-back':
      return 'warn';
    case 'planned':
    case 'discarded':
      return 'unknown';
  }
}

export function stepTone(status: StepStatus): Tone {
  switch (status) {
    case 'done':
      return 'ok';
    case 'skipped':
    case 'pending':
      return 'unknown';
    case 'running':
    case 'undoing':
      return 'busy';
    case 'failed':
    case 'undo-failed':
      return 'crit';
    case 'waiting':
    case 'cancelled':
    case 'undone':
      return 'warn';
  }
}

/** Disk usage: warn from 80 %, critical from 90 %. */
export function usageTone(pct: number): Tone {
  return pct >= 90 ? 'crit' : pct >= 80 ? 'warn' : 'ok';
}

/** Nagios states in the app's colours: OK green, WARNING amber, CRITICAL red, UNKNOWN grey. */
export function checkTone(state: CheckState): Tone {
  switch (state) {
    case 'OK':
      return 'ok';
    case 'WARNING':
      return 'warn';
    case 'CRITICAL':
      return 'crit';
    case 'UNKNOWN':
      return 'unknown';
  }
}
