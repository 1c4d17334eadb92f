import { useState } from 'react';
import type { ExecHostStatus } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import { formatDuration } from '../../ui/format';
import type { ExecHostRow } from './exec-reducer';

export function execTone(status: ExecHostStatus): Tone {
  switch (status) {
    case 'ok':
      return 'ok';
    case 'failed':
    case 'unreachable':
      return 'crit';
    case 'timeout':
      return 'warn';
    case 'running':
      return 'busy';
    case 'pending':
    case 'cancelled':
      return 'unknown';
  }
}

function firstLine(h: ExecHostRow): string {
  if (h.error) return h.error.message;
  const text = h.stdout || h.stderr;
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line ?? '';
}

/** Per-host results: status, exit code, duration, first output line; click to expand. */
export function ExecHostRows({ hosts }: { hosts: readonly ExecHostRow[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="exec-rows" role="table" aria-label="Hosts of this run">
      <div className="exec-row exec-head" role="row">
        <span>Status</span>
        <span>Host</span>
        <span className="num">Exit</span>
        <span className="num">Duration</span>
        <span>Output</span>
      </div>
      {hosts.map((h) => (
        <div key={h.hostId} className="exec-item">
          <div
            className={`exec-row${open.has(h.hostId) ? ' open' : ''}`}
            role="row"
            data-testid={`exec-host-${h.hostName}`}
            data-status={h.status}
            onClick={() => toggle(h.hostId)}
          >
            <span>
              <StatusBadge tone={execTone(h.status)}>{h.status}</StatusBadge>
            </span>
            <span className="strong">{h.hostName}</span>
            <span className="num mono">{h.exitCode ?? '—'}</span>
            <span className="num mono">
              {h.durationMs === null ? '—' : formatDuration(h.durationMs)}
            </span>
            <span className={`mono ellipsis${h.error ? ' tone-text-crit' : ''}`}>
              {firstLine(h)}
            </span>
          </div>
          {open.has(h.hostId) ? (
            <div className="exec-output" data-testid={`exec-output-${h.hostName}`}>
              {h.error ? (
                <div className="tone-text-crit">
                  {h.error.message}
                  {h.error.hint ? <div className="muted">{h.error.hint}</div> : null}
                </div>
              ) : null}
              {h.stdout ? <pre className="mono">{h.stdout}</pre> : null}
              {h.stderr ? <pre className="mono tone-text-crit">{h.stderr}</pre> : null}
              {!h.stdout && !h.stderr && !h.error ? <span className="faint">No output</span> : null}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
