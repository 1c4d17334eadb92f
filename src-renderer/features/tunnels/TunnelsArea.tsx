import type { KeyboardEvent } from 'react';
import type { TunnelInfo, TunnelState } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';
import { formatBytes, formatClock } from '../../ui/format';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { NewTunnelForm } from './NewTunnelForm';
import { KIND_LABELS } from './tunnel-form';
import { closeTunnel, useTunnels } from './tunnels-store';
import './tunnels.css';

const TONE: Record<TunnelState, Tone> = {
  starting: 'busy',
  open: 'ok',
  reconnecting: 'warn',
  error: 'crit',
  closed: 'unknown',
};

const columns: Column<TunnelInfo>[] = [
  {
    id: 'host',
    label: 'Host',
    width: 'minmax(90px, 140px)',
    className: 'mono',
    render: (t) => t.hostName,
  },
  {
    id: 'kind',
    label: 'Kind',
    width: '44px',
    render: (t) => (
      <span className="tunnel-kind" title={KIND_LABELS[t.kind].name}>
        {KIND_LABELS[t.kind].flag}
      </span>
    ),
  },
  {
    id: 'spec',
    label: 'Forwarding',
    width: 'minmax(240px, 3fr)',
    className: 'mono',
    render: (t) => t.label,
    title: (t) => t.label,
  },
  {
    id: 'state',
    label: 'State',
    width: '118px',
    render: (t) => (
      <StatusBadge tone={TONE[t.state]} testId={`tunnel-state-${t.tunnelId}`}>
        {t.state}
        {t.reconnects > 0 ? ` ·${t.reconnects}` : ''}
      </StatusBadge>
    ),
  },
  {
    id: 'conns',
    label: 'Conns',
    width: '70px',
    align: 'right',
    className: 'mono',
    render: (t) => `${t.connections}/${t.totalConnections}`,
    title: (t) => `${t.connections} open now, ${t.totalConnections} since opened`,
  },
  {
    id: 'out',
    label: '↑ Out',
    width: '84px',
    align: 'right',
    className: 'mono',
    render: (t) => formatBytes(t.bytesOut),
  },
  {
    id: 'in',
    label: '↓ In',
    width: '84px',
    align: 'right',
    className: 'mono',
    render: (t) => formatBytes(t.bytesIn),
  },
  {
    id: 'error',
    label: 'Last error',
    width: 'minmax(160px, 2fr)',
    render: (t) =>
      t.lastError ? (
        <span className={t.state === 'open' ? 'muted' : 'tone-text-crit'}>
          {t.lastErrorAt ? `${formatClock(t.lastErrorAt)} ` : ''}
          {t.lastError.message}
        </span>
      ) : (
        <span className="faint">—</span>
      ),
    title: (t) => (t.lastError ? `${t.lastError.message}\n${t.lastError.hint}` : undefined),
  },
  {
    id: 'close',
    label: 'Close',
    hideLabel: true,
    width: '74px',
    render: (t) => (
      <button
        type="button"
        className="btn small"
        data-testid={`tunnel-close-${t.tunnelId}`}
        aria-label={`Close tunnel ${t.label}`}
        onClick={(e) => {
          e.stopPropagation();
          void closeTunnel(t.tunnelId);
        }}
      >
        Close
      </button>
    ),
  },
];

/** Port forwarding over the pooled SSH connections: the session's tunnels and a form for more. */
export function TunnelsArea() {
  const { tunnels, error, focus } = useTunnels();
  const open = tunnels.filter((t) => t.state === 'open').length;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tunnels.findIndex((t) => t.tunnelId === focus);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next =
        tunnels[Math.max(0, Math.min(tunnels.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) useTunnels.setState({ focus: next.tunnelId });
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && focus) {
      e.preventDefault();
      void closeTunnel(focus);
    }
  };
  return (
    <div className="area">
      <div className="toolbar">
        <h2>Tunnels</h2>
        <span className="muted" data-testid="tunnels-count">
          {tunnels.length ? `${open} open of ${tunnels.length}` : ''}
        </span>
        <span className="spacer" />
        <span className="faint">
          Tunnels last for this session; Delete closes the selected one.
        </span>
      </div>
      <NewTunnelForm />
      {error ? <ErrorNote error={error} testId="tunnel-error" /> : null}
      <VirtualTable
        rows={tunnels}
        columns={columns}
        rowKey={(t) => t.tunnelId}
        label="Tunnels"
        testId="tunnels-table"
        rowTestId={(t) => `tunnel-row-${t.hostName}-${t.boundPort ?? 'x'}`}
        rowClassName={(t) => (t.state === 'error' ? 'row-crit' : undefined)}
        selected={new Set(focus ? [focus] : [])}
        focusKey={focus}
        onRowClick={(t) => useTunnels.setState({ focus: t.tunnelId })}
        onKeyDown={onKeyDown}
        empty={
          <span className="muted" data-testid="tunnels-empty">
            No tunnels. Pick a host above, or use a host’s menu (⋯ → Open tunnel…).
          </span>
        }
      />
    </div>
  );
}
