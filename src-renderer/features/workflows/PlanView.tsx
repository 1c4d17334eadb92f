import { useState, type ReactNode } from 'react';
import {
  describeHolder,
  formatDuration,
  type Plan,
  type PlanGate,
  type PlannedAction,
} from '../../../src-main/contract';
import { SegmentedTabs } from '../../ui/SegmentedTabs';
import { planHosts, planWrites, shownActions } from './plan-model';
import './workflows.css';

/** The key of the "All targets" tab (no host is named `*`). */
const ALL_TARGETS = '*';

function Actions({ actions }: { actions: readonly PlannedAction[] }) {
  if (!actions.length) return <div className="faint">No remote actions.</div>;
  return (
    <table className="grid-table plan-actions">
      <tbody>
        {actions.map((a, i) => (
          <tr key={i} className={a.write ? 'write' : undefined}>
            <td className="plan-kind">
              {a.write ? (
                <span className="badge tone-warn">write</span>
              ) : (
                <span className="badge tone-unknown">read</span>
              )}
            </td>
            <td className="mono plan-type">{a.kind}</td>
            <td className="mono plan-target">{a.target}</td>
            <td className="mono cmd">{a.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Gates({ gates }: { gates: readonly PlanGate[] }) {
  return gates.map((g, i) => (
    <div key={i} className="plan-gate" data-testid="plan-gate">
      <strong>Waits for a person: {g.title}</strong>
      <div>{g.message}</div>
      {g.typed ? (
        <div className="muted">
          Goes on only when someone types <span className="mono">{g.typed}</span>.
        </div>
      ) : null}
    </div>
  ));
}

/**
 * A dry run, readable for one host or fifty: the hosts it touches (click one to see only its
 * actions), the locks it needs and who holds them, each step with its gates and its children per
 * host, and the line after which a failure is no longer rolled back.
 */
export function PlanView({ plan, children }: { plan: Plan; children?: ReactNode }) {
  const [host, setHost] = useState<string | null>(null);
  const hosts = planHosts(plan);
  const writes = planWrites(plan);
  return (
    <div className="doc plan" data-testid="plan">
      <header className="doc-head">
        <h2 className="title">Plan: {plan.title}</h2>
        <span className="muted">
          dry run · {plan.steps.length} step{plan.steps.length === 1 ? '' : 's'} ·{' '}
          {writes === 0 ? 'no changes' : `${writes} change${writes > 1 ? 's' : ''}`}
          {hosts.length > 1 ? ` on ${hosts.length} targets` : ''}
          {plan.steps.some((s) => s.undoable)
            ? plan.rollback === 'automatic'
              ? ' · a failure undoes what was done'
              : ' · a failure stops the run (roll back on request)'
            : ''}
        </span>
      </header>
      {plan.locks.length ? (
        <div className="plan-locks" data-testid="plan-locks">
          <span className="muted">Holds while it runs: </span>
          {plan.locks.map((l) => (
            <span key={`${l.kind}:${l.key}`} className="chip" title={l.key}>
              {l.kind} {l.label}
              {l.heldBy ? (
                <span className="tone-text-warn" data-testid="plan-lock-held">
                  {' '}
                  — {describeHolder(l.heldBy)}; a run would wait
                </span>
              ) : null}
            </span>
          ))}
        </div>
      ) : null}
      {hosts.length > 1 ? (
        <SegmentedTabs
          label="Targets"
          className="plan-summary"
          testId="plan-hosts"
          testIdPrefix="plan-host"
          options={[
            { key: ALL_TARGETS, label: 'All targets', className: 'host-chip' },
            ...hosts.map((h) => ({
              key: h.target,
              className: 'host-chip mono',
              label: (
                <>
                  {h.target}
                  {h.writes ? (
                    <span className="writes">
                      {h.writes} write{h.writes > 1 ? 's' : ''}
                    </span>
                  ) : null}
                  <span className="faint">
                    {h.reads} read{h.reads === 1 ? '' : 's'}
                  </span>
                </>
              ),
            })),
          ]}
          value={host ?? ALL_TARGETS}
          // A click on the selected host goes back to all of them.
          onChange={(k) => setHost(k === ALL_TARGETS || k === host ? null : k)}
        />
      ) : null}
      <ol className="plan-steps">
        {plan.steps.flatMap((s) => [
          s.pointOfNoReturn ? (
            <li key={`${s.id}-ponr`} className="ponr-line" data-testid="plan-ponr">
              <div className="ponr">
                point of no return — from here a failure is not rolled back
              </div>
            </li>
          ) : null,
          <li key={s.id} data-testid={`plan-step-${s.id}`}>
            <div className="plan-step-head">
              <strong>{s.title}</strong>
              {s.notRequested ? (
                <span className="badge tone-unknown" data-testid="plan-not-requested">
                  not requested
                </span>
              ) : s.alreadyDone ? (
                <span className="badge tone-unknown">already done — would skip</span>
              ) : null}
              {s.undoable && !s.notRequested ? <span className="faint">undoable</span> : null}
              {s.timeoutMs ? (
                <span className="faint">limit {formatDuration(s.timeoutMs)}</span>
              ) : null}
              {s.attempts ? <span className="faint">{s.attempts} attempts</span> : null}
              {s.children.length ? (
                <span className="faint">
                  {s.children.length} hosts, {s.limit ?? 1} at once
                </span>
              ) : null}
            </div>
            {(s.warnings ?? []).map((w) => (
              <div key={w} className="tone-text-warn" data-testid="plan-step-warning">
                {w}
              </div>
            ))}
            <Gates gates={s.gates} />
            {s.actions.length || !s.children.length ? (
              <Actions actions={shownActions(s.actions, host)} />
            ) : null}
            {s.children
              .filter((c) => host === null || c.actions.some((a) => a.target === host))
              .map((c) => (
                <div key={c.key} data-testid={`plan-child-${c.title}`}>
                  <div className="plan-child">
                    {c.title}{' '}
                    <span className="faint">{c.actions.filter((a) => a.write).length} writes</span>
                  </div>
                  <Gates gates={c.gates} />
                  <Actions actions={shownActions(c.actions, host)} />
                </div>
              ))}
          </li>,
        ])}
      </ol>
      {children}
    </div>
  );
}
