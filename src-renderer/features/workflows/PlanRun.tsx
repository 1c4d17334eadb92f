import { useState } from 'react';
import type { Plan, WorkflowStartIn } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { nav } from '../../app/nav-store';

/**
 * Run what the plan shows, from the plan: optionally stopping for a go-ahead before each step,
 * and choosing what happens when another run holds a host or cluster it needs.
 */
export function PlanRun({ plan, request }: { plan: Plan; request: WorkflowStartIn }) {
  const [stepThrough, setStepThrough] = useState(false);
  const [onLockHeld, setOnLockHeld] = useState<'wait' | 'refuse'>('wait');
  const [busy, setBusy] = useState(false);
  const held = plan.locks.some((l) => l.heldBy);
  const run = async () => {
    setBusy(true);
    try {
      const { runId } = await client.call('workflows.start', {
        ...request,
        options: {
          ...request.options,
          onLockHeld,
          ...(stepThrough ? { pauseBefore: plan.steps.map((s) => s.id) } : {}),
        },
      });
      nav().open({ kind: 'run', runId, title: plan.title });
    } catch (err) {
      notifyError(`Could not start ${plan.title}`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="plan-run" data-testid="plan-run">
      <label className="check">
        <input
          type="checkbox"
          checked={stepThrough}
          onChange={(e) => setStepThrough(e.target.checked)}
          data-testid="plan-step-through"
        />
        Stop for a go-ahead before each step
      </label>
      {plan.locks.length ? (
        <label className="check">
          If a host or cluster is held by another run:
          <select
            className="input"
            value={onLockHeld}
            onChange={(e) => setOnLockHeld(e.target.value === 'refuse' ? 'refuse' : 'wait')}
            data-testid="plan-on-lock"
          >
            <option value="wait">wait for it</option>
            <option value="refuse">do not start</option>
          </select>
        </label>
      ) : null}
      <span className="spacer" />
      {held ? <span className="tone-text-warn">A lock it needs is held now.</span> : null}
      <button
        type="button"
        className="btn primary"
        disabled={busy}
        onClick={() => void run()}
        data-testid="plan-run-start"
      >
        Run
      </button>
    </div>
  );
}
