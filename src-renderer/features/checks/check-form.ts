import {
  thresholdProblem,
  type CheckDefinition,
  type CheckInput,
} from '../../../src-main/contract';

/** The check dialog's fields as the user types them (lists as comma-separated text). */
export interface CheckDraft {
  name: string;
  hosts: string;
  groups: string;
  series: string;
  direction: 'above' | 'below';
  warning: string;
  critical: string;
  attempts: string;
  intervalSec: string;
  notify: boolean;
}

export const emptyDraft = (): CheckDraft => ({
  name: '',
  hosts: '',
  groups: 'db',
  series: 'load.1',
  direction: 'above',
  warning: '',
  critical: '',
  attempts: '3',
  intervalSec: '10',
  notify: true,
});

export function draftOf(c: CheckDefinition): CheckDraft {
  return {
    name: c.name,
    hosts: c.hosts.join(', '),
    groups: c.groups.join(', '),
    series: c.series,
    direction: c.direction,
    warning: c.warning === undefined ? '' : String(c.warning),
    critical: c.critical === undefined ? '' : String(c.critical),
    attempts: String(c.attempts),
    intervalSec: String(c.intervalMs / 1000),
    notify: c.notify,
  };
}

const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);
const number = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** A field of the draft that cannot be sent as typed, and what to type instead. */
export type DraftProblems = Partial<Record<'warning' | 'critical', string>>;

/**
 * Thresholds typed as something other than a number: sent, they would arrive as null (web JSON
 * has no NaN) — refused with a vague message on create, and silently removing the threshold on
 * an edit. Said under the field instead, as the core would say it.
 */
export function draftProblems(d: CheckDraft): DraftProblems {
  const problems: DraftProblems = {};
  for (const which of ['warning', 'critical'] as const) {
    const n = number(d[which]);
    if (n !== undefined && !Number.isFinite(n)) problems[which] = thresholdProblem(which);
  }
  return problems;
}

/** The params of checks.create from a draft (the core validates; this only converts). */
export function inputOf(d: CheckDraft): CheckInput {
  const warning = number(d.warning);
  const critical = number(d.critical);
  return {
    name: d.name.trim(),
    hosts: list(d.hosts),
    groups: list(d.groups),
    series: d.series.trim(),
    direction: d.direction,
    ...(warning !== undefined ? { warning } : {}),
    ...(critical !== undefined ? { critical } : {}),
    attempts: Number(d.attempts) || 3,
    intervalMs: Math.round((Number(d.intervalSec) || 10) * 1000),
    notify: d.notify,
  };
}
