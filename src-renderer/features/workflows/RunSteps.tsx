import type { RunStep } from '../../../src-main/contract';
import { stepTone } from '../../ui/status';
import { Spinner } from '../../ui/Status';
import { elapsed, formatDuration } from '../../ui/format';

const ICON: Record<RunStep['status'], string> = {
  pending: '○',
  running: '',
  waiting: '⏸',
  done: '✓',
  skipped: '↷',
  failed: '✕',
  cancelled: '⊘',
  undoing: '',
  undone: '↶',
  'undo-failed': '✕',
};

/** The steps of a run with status icons, durations and the error of a failed step. */
export function RunSteps({ steps, now }: { steps: readonly RunStep[]; now: number }) {
  return (
    <ol className="steps">
      {steps.map((s, i) => {
        const ms = elapsed(s.startedAt, s.finishedAt, now);
        return (
          <li
            key={s.id}
            className={`step tone-${stepTone(s.status)}`}
            data-testid={`run-step-${s.id}`}
            data-status={s.status}
          >
            <span className="step-icon" aria-hidden="true">
              {s.status === 'running' ? <Spinner label="Running" /> : ICON[s.status]}
            </span>
            <span className="step-title">
              <span className="faint">{i + 1}.</span> {s.title}
            </span>
            <span className="step-time mono">
              {ms === null ? (s.status === 'skipped' ? 'skipped' : '') : formatDuration(ms)}
            </span>
            <span className="sr-only">{s.status}</span>
            {s.error ? (
              <div className="step-error">
                <div>{s.error.message}</div>
                <div className="muted">{s.error.hint}</div>
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
