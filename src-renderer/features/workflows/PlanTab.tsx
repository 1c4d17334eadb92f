import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Plan,
  type WorkflowRequestIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { once } from '../../api/inflight';
import { planKey } from '../../app/tabs';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';

/** Dry run: every action the workflow would take, writes marked. Nothing is changed. */
export function PlanTab({ request }: { request: WorkflowRequestIn }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);

  const key = planKey(request);
  useEffect(() => {
    let live = true;
    once(key, () => client.call('workflows.plan', request))
      .then((p) => live && setPlan(p))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names the request's content
  }, [key]);

  if (error)
    return (
      <div className="area-center">
        <ErrorNote error={error} />
      </div>
    );
  if (!plan)
    return (
      <div className="area-center">
        <Spinner /> <span className="muted">Planning (reads may run, nothing is changed)…</span>
      </div>
    );
  const writes = plan.steps.reduce((n, s) => n + s.actions.filter((a) => a.write).length, 0);
  return (
    <div className="doc plan" data-testid="plan">
      <header className="doc-head">
        <h1>Plan: {plan.title}</h1>
        <span className="muted">
          dry run · {plan.steps.length} steps ·{' '}
          {writes === 0 ? 'no changes' : `${writes} change${writes > 1 ? 's' : ''}`}
        </span>
      </header>
      <ol className="plan-steps">
        {plan.steps.map((s) => (
          <li key={s.id} data-testid={`plan-step-${s.id}`}>
            <div className="plan-step-head">
              <strong>{s.title}</strong>
              {s.notRequested ? (
                <span className="badge tone-unknown">not requested</span>
              ) : s.alreadyDone ? (
                <span className="badge tone-unknown">already done — would skip</span>
              ) : null}
              {s.undoable ? <span className="faint">undoable</span> : null}
            </div>
            {s.actions.length === 0 ? (
              <div className="faint">No remote actions.</div>
            ) : (
              <table className="grid-table plan-actions">
                <tbody>
                  {s.actions.map((a, i) => (
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
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
