import { describeHolder, type Plan, type PlanGate, type PlannedAction } from '../../contract';
import { formatDuration } from '../../contract';

const action = (a: PlannedAction, indent: string) =>
  `${indent}${a.write ? 'WRITE' : 'read '} ${a.kind} ${a.target}: ${a.detail}`;
const gate = (g: PlanGate, indent: string) =>
  `${indent}GATE  ${g.title} — ${g.message}${g.typed ? ` (type "${g.typed}" to go on)` : ''}`;

/**
 * A dry-run plan for people: the locks it needs (and who holds them now), how a failure is
 * rolled back, then numbered steps with each action marked WRITE or read, the gates where it will
 * wait for a person, children per host, and a line at the point of no return.
 */
export function formatPlan(plan: Plan): string {
  const writes = plan.steps.reduce(
    (n, s) =>
      n +
      s.actions.filter((a) => a.write).length +
      s.children.reduce((m, c) => m + c.actions.filter((a) => a.write).length, 0),
    0,
  );
  const head = [
    `Plan: ${plan.title} (dry run: ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, ${writes === 0 ? 'no changes' : `${writes} change${writes > 1 ? 's' : ''}`})`,
  ];
  if (plan.locks.length)
    head.push(
      `Locks: ${plan.locks.map((l) => (l.heldBy ? `${describeHolder(l.heldBy)} — it will wait` : `${l.kind} ${l.label}`)).join('; ')}`,
    );
  if (plan.steps.some((s) => s.undoable))
    head.push(
      plan.rollback === 'automatic'
        ? 'On failure: what was done is undone in reverse, up to the point of no return.'
        : 'On failure: the run stops where it failed (resume, or roll back on request).',
    );
  const lines: string[] = [];
  plan.steps.forEach((s, i) => {
    if (s.pointOfNoReturn)
      lines.push('── point of no return: from here on a failure is not rolled back ──');
    const tags = [
      s.notRequested ? 'not requested' : s.alreadyDone && 'already done — skipped',
      !s.notRequested && s.undoable && 'undoable',
      s.timeoutMs && `limit ${formatDuration(s.timeoutMs)}`,
      s.attempts && `${s.attempts} attempts`,
      s.children.length &&
        `${s.children.length} ${s.children.length === 1 ? 'child' : 'children'}, ${s.limit ?? 1} at once`,
    ].filter(Boolean);
    lines.push(`${i + 1}. ${s.title}${tags.length ? ` (${tags.join(', ')})` : ''}`);
    lines.push(...(s.warnings ?? []).map((w) => `     WARN  ${w}`));
    lines.push(...s.gates.map((g) => gate(g, '     ')));
    lines.push(...s.actions.map((a) => action(a, '     ')));
    for (const c of s.children) {
      lines.push(`   ${c.title}:`);
      lines.push(...c.gates.map((g) => gate(g, '     ')));
      lines.push(...c.actions.map((a) => action(a, '     ')));
    }
  });
  return [...head, ...lines].join('\n');
}
