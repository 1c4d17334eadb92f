import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Plan,
  type WorkflowStartIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { once } from '../../api/inflight';
import { planKey } from '../../app/tabs';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { PlanRun } from './PlanRun';
import { PlanView } from './PlanView';
import './workflows.css';

/**
 * Dry run: every action the workflow would take, writes marked. Nothing is changed. `runnable`:
 * the tab offers to run exactly this (a wizard that embeds a plan has its own Run).
 */
export function PlanTab({
  request,
  runnable = false,
}: {
  request: WorkflowStartIn;
  runnable?: boolean;
}) {
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
  return (
    <PlanView plan={plan}>{runnable ? <PlanRun plan={plan} request={request} /> : null}</PlanView>
  );
}
