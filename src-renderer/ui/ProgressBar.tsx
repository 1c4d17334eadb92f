import { progressText, type Progress } from '../../src-main/contract';

/**
 * A progress bar with its numbers: done of total, rate, time left (computed in the core). Without
 * a total it shows the amount and rate over an indeterminate track.
 */
export function ProgressBar({
  progress,
  tone = 'busy',
  testId,
  named = true,
}: {
  progress: Progress;
  tone?: 'busy' | 'ok' | 'warn' | 'crit';
  testId?: string;
  /** false where the row already says what moves (a step, a host): numbers only. */
  named?: boolean;
}) {
  const { label: _label, ...numbers } = progress;
  const text = progressText(named ? progress : numbers);
  const pct = progress.percent;
  return (
    <div className="pbar" data-testid={testId} title={text}>
      <span
        className={`pbar-track${pct === undefined ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== undefined ? { 'aria-valuenow': Math.round(pct) } : {})}
        aria-label={progress.label ?? 'progress'}
        aria-valuetext={progressText(numbers)}
      >
        <span className={`pbar-fill tone-${tone}`} style={{ width: `${pct ?? 100}%` }} />
      </span>
      <span className="pbar-text mono">{text}</span>
    </div>
  );
}
