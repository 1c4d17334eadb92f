import type { BackupEntry, CheckDefinition } from '../../contract';
import { stateOf, type CheckResult } from './evaluate';

type Thresholds = Pick<CheckDefinition, 'direction' | 'warning' | 'critical'>;

const HOUR_MS = 3_600_000;

/** The test's message on one line, at most 300 characters (a loader's error quotes the SQL it choked on). */
function brief(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

const hours = (h: number) => `${Number.isInteger(h) ? h : h.toFixed(1)} h`;

function limitsText(t: Thresholds): string {
  return [
    t.warning !== undefined ? `warning after ${hours(t.warning)}` : '',
    t.critical !== undefined ? `critical after ${hours(t.critical)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The backup check of one host: its latest judged restore test (passed or failed; one still
 * running is not a verdict, the one before it counts). Failed is CRITICAL with the backup, when
 * and why; older than the thresholds (hours, `above`), or none at all, is WARNING / CRITICAL;
 * otherwise OK. The value is the latest test's age in hours (null when there is none).
 */
export function evaluateRestoreTests(
  check: Thresholds,
  host: string,
  entries: readonly BackupEntry[],
  now: Date,
): CheckResult {
  const judged = entries
    .filter((e) => e.restoreTest && e.restoreTest.status !== 'running')
    .sort((a, b) => b.restoreTest!.at.localeCompare(a.restoreTest!.at));
  const latest = judged[0];
  if (!latest) {
    const state = stateOf(Number.POSITIVE_INFINITY, { ...check, direction: 'above' });
    return {
      state,
      value: null,
      output: `${state} - no restore test of ${host}'s backups (${limitsText(check)}); run one: opsdeck backup restore <id> --onto <scratch host>`,
    };
  }
  const test = latest.restoreTest!;
  const age = Math.max(0, (now.getTime() - Date.parse(test.at)) / HOUR_MS);
  const value = Math.round(age * 100) / 100;
  const what = `${latest.kind} backup ${latest.id} (taken ${latest.startedAt})`;
  const where = test.host ? ` on ${test.host}` : '';
  if (test.status === 'failed')
    return {
      state: 'CRITICAL',
      value,
      output: `CRITICAL - restore test of ${what}${where} failed at ${test.at}: ${brief(test.message)}`,
    };
  const state = stateOf(age, { ...check, direction: 'above' });
  return {
    state,
    value,
    output:
      state === 'OK'
        ? `OK - restore test of ${what}${where} passed at ${test.at} (${hours(value)} ago): ${brief(test.message)}`
        : `${state} - the latest restore test of ${host}'s backups passed ${hours(value)} ago (${what}${where}, at ${test.at}); ${limitsText(check)}`,
  };
}
