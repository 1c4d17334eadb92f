import { useMemo } from 'react';
import { useHosts } from '../hosts/hosts-store';
import { useHostsView } from '../hosts/view-store';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatDateTime, formatDuration } from '../../ui/format';
import { countStatuses } from './exec-reducer';
import { cancelExec, rerunFailed, runExec, showExec, useExec, type ExecTarget } from './exec-store';
import { ExecHostRows } from './ExecHostRows';
import './exec.css';

function targetValue(t: ExecTarget | null): string {
  if (!t) return '';
  return t.kind === 'group' ? `group:${t.group}` : 'selection';
}

/** Cluster exec: one command on a group or the Hosts selection, live per-host results. */
export function ExecArea() {
  const hosts = useHosts((s) => s.hosts);
  const selected = useHostsView((s) => s.selection.selected);
  const { command, parallel, timeoutSec, target, view, history, error } = useExec();
  const groups = useMemo(() => [...new Set(hosts.flatMap((h) => h.groups))].sort(), [hosts]);
  const selection = useMemo(
    () => [...selected].filter((id) => hosts.some((h) => h.id === id)),
    [selected, hosts],
  );
  const effective: ExecTarget | null =
    target ?? (groups[0] ? { kind: 'group', group: groups[0] } : null);
  const selectionCount =
    effective?.kind === 'selection' ? effective.hostIds.length : selection.length;
  const running = view?.status === 'running';
  const counts = view ? countStatuses(view.hosts) : null;
  const notOk = counts ? counts.failed + counts.unreachable + counts.timeout + counts.cancelled : 0;

  const pick = (v: string) =>
    useExec.setState({
      target:
        v === 'selection'
          ? { kind: 'selection', hostIds: selection }
          : { kind: 'group', group: v.slice(6) },
    });
  const run = () => {
    if (!target && effective) useExec.setState({ target: effective });
    void runExec();
  };

  return (
    <div className="area">
      <div className="toolbar">
        <h2>Cluster exec</h2>
        <select
          className="input"
          aria-label="Hosts"
          data-testid="exec-target"
          value={targetValue(effective)}
          onChange={(e) => pick(e.target.value)}
        >
          {groups.map((g) => (
            <option key={g} value={`group:${g}`}>
              group {g} ({hosts.filter((h) => h.groups.includes(g)).length})
            </option>
          ))}
          <option value="selection" disabled={selectionCount === 0}>
            Selected hosts ({selectionCount})
          </option>
        </select>
      </div>
      <form
        className="exec-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <input
          className="input mono exec-command"
          placeholder="Command, e.g. uptime"
          aria-label="Command"
          data-testid="exec-command"
          value={command}
          onChange={(e) => useExec.setState({ command: e.target.value })}
        />
        <label className="exec-num">
          Parallel
          <input
            className="input mono"
            type="number"
            min={1}
            max={500}
            value={parallel}
            onChange={(e) =>
              useExec.setState({ parallel: Math.max(1, Number(e.target.value) || 1) })
            }
          />
        </label>
        <label className="exec-num">
          Timeout s
          <input
            className="input mono"
            type="number"
            min={1}
            max={86400}
            value={timeoutSec}
            onChange={(e) =>
              useExec.setState({ timeoutSec: Math.max(1, Number(e.target.value) || 1) })
            }
          />
        </label>
        {running && view ? (
          <button type="button" className="btn danger" onClick={() => void cancelExec(view.execId)}>
            Cancel
          </button>
        ) : (
          <button
            type="submit"
            className="btn primary"
            data-testid="exec-run"
            disabled={
              !effective ||
              !command.trim() ||
              (effective.kind === 'selection' && effective.hostIds.length === 0)
            }
          >
            Run
          </button>
        )}
      </form>
      {error ? <ErrorNote error={error} testId="exec-error" /> : null}
      <div className="exec-body">
        <section className="exec-main">
          {view && counts ? (
            <>
              <div className="exec-summary" data-testid="exec-summary" data-status={view.status}>
                <span className="mono strong ellipsis" title={view.command}>
                  $ {view.command}
                </span>
                <span className="spacer" />
                {running ? <span className="tone-text-busy">running {counts.running}</span> : null}
                <span className={counts.ok ? 'tone-text-ok' : 'muted'}>{counts.ok} ok</span>
                <span className={counts.failed ? 'tone-text-crit' : 'muted'}>
                  {counts.failed} failed
                </span>
                <span className={counts.unreachable ? 'tone-text-crit' : 'muted'}>
                  {counts.unreachable} unreachable
                </span>
                {counts.timeout ? (
                  <span className="tone-text-warn">{counts.timeout} timeout</span>
                ) : null}
                {view.durationMs !== undefined ? (
                  <span className="muted">{formatDuration(view.durationMs)}</span>
                ) : null}
                {!running && notOk > 0 ? (
                  <button
                    type="button"
                    className="btn small"
                    data-testid="exec-rerun-failed"
                    onClick={() => void rerunFailed(view.execId)}
                  >
                    Re-run on failed ({notOk})
                  </button>
                ) : null}
              </div>
              <ExecHostRows hosts={view.hosts} />
            </>
          ) : (
            <div className="area-center muted">
              Pick a group or select hosts in the Hosts table, type a command, Run.
            </div>
          )}
        </section>
        <aside className="exec-history" aria-label="History">
          <h3>History</h3>
          {history.length === 0 ? <div className="faint">No runs yet.</div> : null}
          {history.map((r) => (
            <button
              key={r.execId}
              type="button"
              className={`exec-hist${view?.execId === r.execId ? ' on' : ''}`}
              onClick={() => void showExec(r.execId)}
            >
              <span className="mono ellipsis">{r.command}</span>
              <span className="faint small">
                {formatDateTime(r.createdAt)} · {r.summary.ok}/{r.summary.total} ok
                {r.status !== 'finished' ? ` · ${r.status}` : ''}
              </span>
            </button>
          ))}
        </aside>
      </div>
    </div>
  );
}
