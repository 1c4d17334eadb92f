import { useState } from 'react';
import type { ExecHostStatus } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import { formatDuration } from '../../ui/format';
import type { ExecHostRow } from './exec-reducer';
import { ScrollText } from '../../ui/ScrollText';

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
    <table className="exec-rows" aria-label="Hosts of this run">
      <colgroup>
        <col className="exec-c-status" />
        <col className="exec-c-host" />
        <col className="exec-c-num" />
        <col className="exec-c-dur" />
        <col />
      </colgroup>
      <thead>
        <tr className="exec-head">
          <th scope="col">Status</th>
          <th scope="col">Host</th>
          <th scope="col" className="num">
            Exit
          </th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col">Output</th>
        </tr>
      </thead>
      {hosts.map((h) => {
        const expanded = open.has(h.hostId);
        const outputId = `exec-output-${h.hostId}`;
        return (
          <tbody key={h.hostId} className="exec-item">
            <tr
              className={`exec-row${expanded ? ' open' : ''}`}
              data-testid={`exec-host-${h.hostName}`}
              data-status={h.status}
              onClick={() => toggle(h.hostId)}
            >
              <td>
                <StatusBadge tone={execTone(h.status)}>{h.status}</StatusBadge>
              </td>
              <td>
                <button
                  type="button"
                  className="exec-toggle strong"
                  aria-expanded={expanded}
                  aria-controls={expanded ? outputId : undefined}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(h.hostId);
                  }}
                >
                  <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {h.hostName}
                </button>
              </td>
              <td className="num mono">{h.exitCode ?? '—'}</td>
              <td className="num mono">
                {h.durationMs === null ? '—' : formatDuration(h.durationMs)}
              </td>
              <td className={`mono ellipsis${h.error ? ' tone-text-crit' : ''}`}>{firstLine(h)}</td>
            </tr>
            {expanded ? (
              <tr className="exec-output-row">
                <td colSpan={5}>
                  <div
                    id={outputId}
                    className="exec-output"
                    data-testid={`exec-output-${h.hostName}`}
                  >
                    {h.error ? (
                      <div className="tone-text-crit">
                        {h.error.message}
                        {h.error.hint ? <div className="muted">{h.error.hint}</div> : null}
                      </div>
                    ) : null}
                    {h.stdout ? (
                      <ScrollText className="mono" label={`${h.hostName} output`}>
                        {h.stdout}
                      </ScrollText>
                    ) : null}
                    {h.stderr ? (
                      <ScrollText className="mono tone-text-crit" label={`${h.hostName} errors`}>
                        {h.stderr}
                      </ScrollText>
                    ) : null}
                    {!h.stdout && !h.stderr && !h.error ? (
                      <span className="faint">No output</span>
                    ) : null}
                  </div>
                </td>
              </tr>
            ) : null}
          </tbody>
        );
      })}
    </table>
  );
}
