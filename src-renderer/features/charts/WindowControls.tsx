import type { MetricsSource } from '../../../src-main/contract';
import { SPANS, useTimeWindow } from './time-window';

/** Span, pan and live controls of the shared time window, plus the source when asked. */
export function WindowControls({
  source,
  onSource,
  prometheus,
}: {
  source?: MetricsSource;
  onSource?: (s: MetricsSource) => void;
  /** Whether a Prometheus is configured (else the choice is disabled, with why). */
  prometheus?: boolean;
}) {
  const w = useTimeWindow();
  return (
    <div className="window-controls" role="toolbar" aria-label="Time window">
      {source && onSource ? (
        <div className="segmented" role="radiogroup" aria-label="Source">
          {(['ssh', 'prometheus'] as const).map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={source === s}
              className={`seg${source === s ? ' on' : ''}`}
              disabled={s === 'prometheus' && !prometheus}
              title={
                s === 'prometheus' && !prometheus
                  ? 'Set a Prometheus URL in Settings → Metrics first'
                  : undefined
              }
              data-testid={`source-${s}`}
              onClick={() => onSource(s)}
            >
              {s === 'ssh' ? 'SSH' : 'Prometheus'}
            </button>
          ))}
        </div>
      ) : null}
      <select
        className="input compact"
        aria-label="Time span"
        data-testid="chart-span"
        value={w.spanSec}
        onChange={(e) => w.setSpan(Number(e.target.value))}
      >
        {SPANS.map((s) => (
          <option key={s.seconds} value={s.seconds}>
            {s.label}
          </option>
        ))}
        {SPANS.some((s) => s.seconds === w.spanSec) ? null : (
          <option value={w.spanSec}>zoomed</option>
        )}
      </select>
      <button
        type="button"
        className="btn small"
        title="Back half a window (←)"
        onClick={() => w.pan(-0.5)}
      >
        ◀
      </button>
      <button
        type="button"
        className="btn small"
        title="Forward half a window (→)"
        disabled={w.live}
        onClick={() => w.pan(0.5)}
      >
        ▶
      </button>
      <button
        type="button"
        className={`btn small${w.live ? ' live-on' : ''}`}
        data-testid="chart-live"
        aria-pressed={w.live}
        title="Follow the live tail (double-click a chart)"
        onClick={() => w.goLive()}
      >
        {w.live ? '● Live' : 'Go live'}
      </button>
    </div>
  );
}
