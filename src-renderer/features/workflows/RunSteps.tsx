import type { RunStep } from '../../../src-main/contract';
import { stepTone } from '../../ui/status';
import { Spinner } from '../../ui/Status';
import { elapsed, formatDuration } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { RunChildren } from './RunChildren';
import { STEP_ICON } from './step-icons';

/**
 * The steps of a run: status icon, duration, attempt, progress bar, the children of fan-out
 * steps, the error of a failed step, and a line at the point of no return.
 */
export function RunSteps({
  steps,
  now,
  pointOfNoReturn,
  child,
  onChild,
}: {
  steps: readonly RunStep[];
  now: number;
  pointOfNoReturn?: string | undefined;
  child: string | null;
  onChild(key: string | null): void;
}) {
  return (
    <ol className="steps">
      {steps.flatMap((s, i) => {
        const ms = elapsed(s.startedAt, s.finishedAt, now);
        const busy = s.status === 'running' || s.status === 'undoing';
        const item = (
          <li
            key={s.id}
            className={`step tone-${stepTone(s.status)}`}
            data-testid={`run-step-${s.id}`}
            data-status={s.status}
          >
            <span className="step-icon" aria-hidden="true">
              {busy ? <Spinner label="Running" /> : STEP_ICON[s.status]}
            </span>
            <span className="step-title">
              <span className="faint">{i + 1}.</span> {s.title}
              {s.attempt ? <span className="step-attempt">attempt {s.attempt}</span> : null}
              {s.status === 'undone' || s.status === 'undoing' ? (
                <span className="step-attempt">
                  {s.status === 'undone' ? 'undone' : 'undoing…'}
                </span>
              ) : null}
            </span>
            <span className="step-time mono">
              {ms === null ? (s.status === 'skipped' ? 'skipped' : '') : formatDuration(ms)}
            </span>
            <span className="sr-only">{s.status}</span>
            {(s.progress && (busy || s.status === 'done' || s.status === 'failed')) ||
            s.children?.length ? (
              <div className="step-body">
                {s.progress && !s.children?.length ? (
                  <ProgressBar
                    progress={s.progress}
                    tone={s.status === 'done' ? 'ok' : s.status === 'failed' ? 'crit' : 'busy'}
                    testId={`run-progress-${s.id}`}
                    named={false}
                  />
                ) : null}
                {s.children?.length ? (
                  <RunChildren
                    children={s.children}
                    now={now}
                    selected={child}
                    onSelect={onChild}
                  />
                ) : null}
              </div>
            ) : null}
            {s.error ? (
              <div className="step-error">
                <div>{s.error.message}</div>
                <div className="muted">{s.error.hint}</div>
              </div>
            ) : null}
          </li>
        );
        return s.id === pointOfNoReturn
          ? [
              <li key={`${s.id}-ponr`} className="ponr" data-testid="run-ponr">
                point of no return
              </li>,
              item,
            ]
          : [item];
      })}
    </ol>
  );
}
