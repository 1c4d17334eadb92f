import type { RunChild } from '../../../src-main/contract';
import { elapsed, formatDuration } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { Spinner } from '../../ui/Status';
import { stepTone } from '../../ui/status';
import { STEP_ICON } from './step-icons';

/**
 * The children of a fan-out step, one row per host: state, progress, time, error. Clicking a row
 * shows only that host's log lines (clicking it again shows all).
 */
export function RunChildren({
  children,
  now,
  selected,
  onSelect,
}: {
  children: readonly RunChild[];
  now: number;
  selected: string | null;
  onSelect(key: string | null): void;
}) {
  const done = children.filter((c) => c.status === 'done').length;
  const failed = children.filter((c) => c.status === 'failed').length;
  return (
    <div data-testid="run-children">
      <div className="faint">
        {done} of {children.length} done{failed ? ` · ${failed} failed` : ''}
      </div>
      <table className="children">
        <tbody>
          {children.map((c) => {
            const ms = elapsed(c.startedAt, c.finishedAt, now);
            const tone = stepTone(c.status);
            return (
              <tr
                key={c.key}
                className={selected === c.key ? 'selected' : undefined}
                onClick={() => onSelect(selected === c.key ? null : c.key)}
                data-testid={`run-child-${c.title}`}
                data-status={c.status}
                title={c.error ? `${c.error.message}\n${c.error.hint}` : `${c.title}: ${c.status}`}
              >
                <td className={`child-icon tone-text-${tone}`}>
                  {c.status === 'running' ? <Spinner label="Running" /> : STEP_ICON[c.status]}
                </td>
                <td className="child-name mono">{c.title}</td>
                <td>
                  {c.progress ? (
                    <ProgressBar
                      progress={c.progress}
                      tone={c.status === 'done' ? 'ok' : 'busy'}
                      named={false}
                    />
                  ) : c.error ? (
                    <span className="child-error">{c.error.message}</span>
                  ) : (
                    <span className="faint">{c.status}</span>
                  )}
                </td>
                <td className="step-time mono">{ms === null ? '' : formatDuration(ms)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
