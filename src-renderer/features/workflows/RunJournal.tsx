import type { RunDetail } from '../../../src-main/contract';
import { formatClock } from '../../ui/format';

/** What a run changed (in words), what it left on hosts on purpose, and what it locks. */
export function RunJournal({ run }: { run: RunDetail }) {
  return (
    <>
      {run.changes.length ? (
        <>
          <h3>Changed so far</h3>
          <ul className="journal" data-testid="run-changes">
            {run.changes.map((c, i) => (
              <li key={i}>
                <span className="faint mono">{formatClock(c.at)}</span> {c.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.leftFiles.length ? (
        <>
          <h3>Left on the hosts</h3>
          <ul className="journal" data-testid="run-left-files">
            {run.leftFiles.map((f) => (
              <li
                key={`${f.host}:${f.path}`}
                data-testid="run-left-file"
                data-host={f.host}
                data-path={f.path}
                data-what={f.what}
              >
                <span className="mono">
                  {f.host}:{f.path}
                </span>{' '}
                <span className="muted">— {f.what}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {run.locks.length ? (
        <>
          <h3>Locks</h3>
          <div className="faint" data-testid="run-locks">
            {run.locks.map((l) => `${l.kind} ${l.label}`).join(', ')} — held while the run goes
          </div>
        </>
      ) : null}
    </>
  );
}
