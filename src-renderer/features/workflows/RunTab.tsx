import { useEffect, useReducer, useState } from 'react';
import { toErrorShape, type ErrorShape, type RunDetail } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { useAnnounceChange } from '../../app/announcer';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner, StatusBadge } from '../../ui/Status';
import { runTone } from '../../ui/status';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { useNow } from '../../ui/useNow';
import { canRollBack, initialRunView, isActive, isResumable, runReducer } from './run-reducer';
import { RunSteps } from './RunSteps';
import { RunLog } from './RunLog';
import { RunOutput } from './RunOutput';
import { RunWaiting } from './RunWaiting';
import { RunJournal } from './RunJournal';
import { DiscardRunDialog } from './DiscardRunDialog';
import './workflows.css';

type Action = 'cancel' | 'resume' | 'rollback';
const FAILED_TO: Record<Action, string> = {
  cancel: 'Cancel failed',
  resume: 'Resume failed',
  rollback: 'Roll back failed',
};

/**
 * One run, live: what it waits for (a gate to answer, a lock), steps with progress and their
 * children per host, log (all, or one host's), what it changed and left, output; Cancel while it
 * goes, Resume, Roll back or Discard (confirmed) when it stopped short.
 */
/** What a screen reader hears when the run moves on: its status, and the step it is at. */
function runAnnouncement(run: RunDetail): string {
  const current = run.steps.find((s) => ['running', 'waiting', 'undoing'].includes(s.status));
  return `${run.title}: ${run.status}${isActive(run) && current ? `, ${current.title}` : ''}`;
}

export function RunTab({ runId }: { runId: string }) {
  const [state, dispatch] = useReducer(runReducer, initialRunView);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const [child, setChild] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);

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
      // Output and journal have no events of their own: fetch them once the run has stopped.
      if (event.type === 'run' && !isActive(event.run)) void fetchRun();
    });
    void fetchRun();
    return () => {
      live = false;
      off();
    };
  }, [runId]);

  const run = state.run;
  const now = useNow(run ? isActive(run) : false);
  useAnnounceChange(run ? runAnnouncement(run) : null);
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

  const act = async (what: Action) => {
    setBusy(true);
    try {
      if (what === 'cancel') await client.call('workflows.cancel', { runId });
      else if (what === 'resume') await client.call('workflows.resume', { runId });
      else await client.call('workflows.rollback', { runId });
    } catch (err) {
      notifyError(FAILED_TO[what], err);
    } finally {
      setBusy(false);
    }
  };
  const current = run.steps.find((s) => ['running', 'waiting', 'undoing'].includes(s.status));
  const done = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  const duration = elapsed(run.createdAt, isActive(run) ? undefined : run.updatedAt, now);
  const names = new Map(run.steps.flatMap((s) => (s.children ?? []).map((c) => [c.key, c.title])));
  const childTitle = child ? names.get(child) : undefined;
  const button = (what: Action, label: string, primary = false) => (
    <button
      type="button"
      className={`btn${primary ? ' primary' : ''}`}
      onClick={() => void act(what)}
      disabled={busy}
      data-testid={`run-${what}`}
    >
      {label}
    </button>
  );

  return (
    <div className="doc run" data-testid={`run-${run.id}`}>
      <header className="doc-head">
        <StatusBadge tone={runTone(run.status)} testId="run-status">
          {run.status}
        </StatusBadge>
        <h2 className="title">{run.title}</h2>
        <span className="mono">{run.subject}</span>
        <span className="muted">
          {formatDateTime(run.createdAt)} · {duration === null ? '' : formatDuration(duration)} ·{' '}
          {run.door}
        </span>
        <span className="spacer" />
        {isActive(run)
          ? button('cancel', run.status === 'compensating' ? 'Stop rolling back' : 'Cancel')
          : null}
        {canRollBack(run) ? button('rollback', 'Roll back…') : null}
        {isResumable(run) ? (
          <button
            type="button"
            className="btn"
            onClick={() => setDiscarding(true)}
            disabled={busy}
            data-testid="run-discard"
            title="Never resume it: delete the secrets its start kept in the vault"
          >
            Discard…
          </button>
        ) : null}
        {isResumable(run) ? button('resume', 'Resume', true) : null}
      </header>
      {discarding ? <DiscardRunDialog run={run} onClose={() => setDiscarding(false)} /> : null}
      {run.waiting ? <RunWaiting waiting={run.waiting} /> : null}
      <div className="run-now">
        {isActive(run) ? (
          <>
            {run.status === 'waiting' ? null : <Spinner />}{' '}
            {run.status === 'compensating'
              ? 'Rolling back'
              : `${run.status === 'waiting' ? 'Waiting at step' : 'Step'} ${done + 1} of ${run.steps.length}`}
            : <strong>{current?.title ?? 'starting…'}</strong>
            {current?.progress ? (
              <ProgressBar progress={current.progress} testId="run-progress" />
            ) : null}
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
        {/* Focusable: it scrolls on its own when a run has many steps (keyboard scrolling). */}
        <section className="run-side" tabIndex={0} aria-label="Steps and output">
          <h3>Steps</h3>
          <RunSteps
            steps={run.steps}
            now={now}
            pointOfNoReturn={run.pointOfNoReturn}
            child={child}
            onChild={setChild}
          />
          <RunJournal run={run} />
          <h3>Output</h3>
          <RunOutput output={run.output} />
        </section>
        <section className="run-main">
          <div className="log-filter">
            <h3>Log</h3>
            {childTitle ? (
              <>
                <span className="chip">{childTitle} only</span>
                <button type="button" className="btn small ghost" onClick={() => setChild(null)}>
                  Show all
                </button>
              </>
            ) : null}
          </div>
          <RunLog
            lines={child ? run.logs.filter((l) => l.childKey === child) : run.logs}
            names={names}
          />
        </section>
      </div>
    </div>
  );
}
