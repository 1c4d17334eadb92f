import { useEffect, useReducer, useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner, StatusBadge } from '../../ui/Status';
import { runTone } from '../../ui/status';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { initialRunView, isActive, isResumable, runReducer } from './run-reducer';
import { RunSteps } from './RunSteps';
import { RunLog } from './RunLog';
import { RunOutput } from './RunOutput';

/** One run, live: steps, log, output; Cancel while running, Resume when it stopped short. */
export function RunTab({ runId }: { runId: string }) {
  const [state, dispatch] = useReducer(runReducer, initialRunView);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const fetchRun = () =>
      client
        .call('workflows.run', { runId })
        .then((run) => live && dispatch({ type: 'snapshot', run }))
        .catch((err: unknown) => live && setError(toErrorShape(err)));
    // Subscribe first, then fetch: events in between are buffered by the reducer.
    const off = client.on('workflow.event', (event) => {
      if (event.runId !== runId) return;
      dispatch({ type: 'event', event });
      // The output has no event of its own: fetch it once the run has stopped.
      if (event.type === 'run' && event.run.status !== 'running') void fetchRun();
    });
    void fetchRun();
    return () => {
      live = false;
      off();
    };
  }, [runId]);

  const run = state.run;
  const now = useNow(run ? isActive(run) : false);
  if (error)
    return (
      <div className="area-center">
        <ErrorNote error={error} />
      </div>
    );
  if (!run)
    return (
      <div className="area-center">
        <Spinner /> <span className="muted">Loading run…</span>
      </div>
    );

  const act = async (what: 'cancel' | 'resume') => {
    setBusy(true);
    try {
      if (what === 'cancel') await client.call('workflows.cancel', { runId });
      else await client.call('workflows.resume', { runId });
    } catch (err) {
      notifyError(what === 'cancel' ? 'Cancel failed' : 'Resume failed', err);
    } finally {
      setBusy(false);
    }
  };
  const current = run.steps.find((s) => s.status === 'running');
  const done = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  const duration = elapsed(run.createdAt, isActive(run) ? undefined : run.updatedAt, now);

  return (
    <div className="doc run" data-testid={`run-${run.id}`}>
      <header className="doc-head">
        <StatusBadge tone={runTone(run.status)} testId="run-status">
          {run.status}
        </StatusBadge>
        <h1>{run.title}</h1>
        <span className="mono">{run.subject}</span>
        <span className="muted">
          {formatDateTime(run.createdAt)} · {duration === null ? '' : formatDuration(duration)} ·{' '}
          {run.door}
        </span>
        <span className="spacer" />
        {isActive(run) ? (
          <button
            type="button"
            className="btn"
            onClick={() => void act('cancel')}
            disabled={busy}
            data-testid="run-cancel"
          >
            Cancel
          </button>
        ) : null}
        {isResumable(run) ? (
          <button
            type="button"
            className="btn primary"
            onClick={() => void act('resume')}
            disabled={busy}
            data-testid="run-resume"
          >
            Resume
          </button>
        ) : null}
      </header>
      <div className="run-now" aria-live="polite">
        {isActive(run) ? (
          <>
            <Spinner /> Step {done + 1} of {run.steps.length}:{' '}
            <strong>{current?.title ?? 'starting…'}</strong>
          </>
        ) : (
          <span className="muted">
            {done} of {run.steps.length} steps done
          </span>
        )}
        <span className="progress" aria-hidden="true">
          <span
            className={`progress-fill tone-${runTone(run.status)}`}
            style={{ width: `${(100 * done) / Math.max(1, run.steps.length)}%` }}
          />
        </span>
      </div>
      {run.error ? <ErrorNote error={run.error} testId="run-error" /> : null}
      <div className="run-body">
        <section className="run-side">
          <h3>Steps</h3>
          <RunSteps steps={run.steps} now={now} />
          <h3>Output</h3>
          <RunOutput output={run.output} />
        </section>
        <section className="run-main">
          <h3>Log</h3>
          <RunLog lines={run.logs} />
        </section>
      </div>
    </div>
  );
}
