import { useMemo, useState } from 'react';
import {
  formatCheckValue,
  type CheckDefinition,
  type CheckEvent,
  type CheckStatus,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { SegmentedTabs } from '../../ui/SegmentedTabs';
import { StatusBadge } from '../../ui/Status';
import { checkTone } from '../../ui/status';
import { formatAgo, formatDateTime } from '../../ui/format';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import './checks.css';
import { CheckDialog } from './CheckDialog';
import { stateCounts, useChecks } from './checks-store';
import { DeployPanel } from './DeployPanel';
import { enableDesktopNotifications } from './notifications';

const STATE_ORDER = { CRITICAL: 0, WARNING: 1, UNKNOWN: 2, OK: 3 } as const;

function statusColumns(edit: (id: string) => void): Column<CheckStatus>[] {
  return [
    {
      id: 'state',
      label: 'State',
      width: '150px',
      render: (s) => (
        <span
          className="cell-status"
          title={s.flapping ? `flapping: ${s.stateChangePct} % state change` : undefined}
        >
          <StatusBadge tone={checkTone(s.state)} testId={`check-state-${s.check}-${s.host}`}>
            {s.state}
          </StatusBadge>
          <span className="faint">{s.hard ? 'HARD' : `SOFT ${s.attempt}/${s.attempts}`}</span>
          {s.flapping ? <span className="tone-text-warn">flapping</span> : null}
        </span>
      ),
    },
    {
      id: 'host',
      label: 'Host',
      width: 'minmax(90px, 0.8fr)',
      className: 'mono',
      render: (s) => s.host,
    },
    {
      id: 'check',
      label: 'Check',
      width: 'minmax(140px, 1fr)',
      render: (s) => (
        <button type="button" className="link" onClick={() => edit(s.checkId)}>
          {s.check}
        </button>
      ),
    },
    {
      id: 'value',
      label: 'Value',
      width: '100px',
      align: 'right',
      className: 'mono',
      render: (s) => formatCheckValue(s.value, s.series),
    },
    {
      id: 'output',
      label: 'Output',
      width: 'minmax(220px, 3fr)',
      className: 'mono',
      render: (s) => s.output,
      title: (s) => s.output,
    },
    {
      id: 'since',
      label: 'Since',
      width: '110px',
      render: (s) => formatAgo(s.since),
      title: (s) => formatDateTime(s.since),
    },
  ];
}

const historyColumns: Column<CheckEvent>[] = [
  {
    id: 'at',
    label: 'Time',
    width: '164px',
    className: 'mono',
    render: (e) => formatDateTime(e.at),
  },
  {
    id: 'change',
    label: 'Change',
    width: '220px',
    render: (e) =>
      e.kind === 'state' ? (
        <span className="cell-status">
          <StatusBadge tone={checkTone(e.from)}>{e.from}</StatusBadge>→
          <StatusBadge tone={checkTone(e.to)}>{e.to}</StatusBadge>
          <span className="faint">{e.hard ? 'HARD' : 'SOFT'}</span>
        </span>
      ) : (
        <span className="tone-text-warn">
          {e.kind === 'flapping-start' ? 'started flapping' : 'stopped flapping'}
        </span>
      ),
  },
  {
    id: 'host',
    label: 'Host',
    width: 'minmax(90px, 0.7fr)',
    className: 'mono',
    render: (e) => e.host,
  },
  { id: 'check', label: 'Check', width: 'minmax(120px, 1fr)', render: (e) => e.check },
  {
    id: 'output',
    label: 'Output',
    width: 'minmax(200px, 3fr)',
    className: 'mono',
    render: (e) => e.output,
    title: (e) => e.output,
  },
  { id: 'notified', label: 'Notified', width: '80px', render: (e) => (e.notify ? 'yes' : '') },
];

type View = 'status' | 'history' | 'deploy';
const VIEWS: readonly { key: View; label: string }[] = [
  { key: 'status', label: 'Status' },
  { key: 'history', label: 'History' },
  { key: 'deploy', label: 'Deployment' },
];

/** Checks with Nagios semantics: current states (worst first), their history, deployment suites. */
export function ChecksArea() {
  const { checks, status, history, loaded, error } = useChecks();
  const [view, setView] = useState<View>('status');
  const [editing, setEditing] = useState<CheckDefinition | 'new' | null>(null);
  const [filter, setFilter] = useState<'all' | 'problems'>('all');
  const counts = stateCounts(status);
  const rows = useMemo(
    () =>
      [...status]
        .filter((s) => filter === 'all' || s.state !== 'OK')
        .sort(
          (a, b) =>
            STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
            a.host.localeCompare(b.host) ||
            a.check.localeCompare(b.check),
        ),
    [status, filter],
  );
  const edit = (id: string) => {
    const c = checks.find((x) => x.id === id);
    if (c) setEditing(c);
  };
  const remove = async (c: CheckDefinition) => {
    try {
      await client.call('checks.remove', { check: c.id });
      setEditing(null);
    } catch (err) {
      notifyError(`Could not remove ${c.name}`, err);
    }
  };
  return (
    <div className="area checks-area">
      <div className="toolbar">
        <h1>Checks</h1>
        <SegmentedTabs
          label="Check views"
          options={VIEWS}
          value={view}
          onChange={(v) => setView(v)}
          testIdPrefix="checks-view"
        />
        {view === 'status' ? (
          <>
            <span className="counts" data-testid="check-counts">
              <StatusBadge tone="crit">{counts.CRITICAL} CRITICAL</StatusBadge>
              <StatusBadge tone="warn">{counts.WARNING} WARNING</StatusBadge>
              <StatusBadge tone="unknown">{counts.UNKNOWN} UNKNOWN</StatusBadge>
              <StatusBadge tone="ok">{counts.OK} OK</StatusBadge>
            </span>
            <label className="check">
              <input
                type="checkbox"
                checked={filter === 'problems'}
                onChange={(e) => setFilter(e.target.checked ? 'problems' : 'all')}
              />
              Problems only
            </label>
          </>
        ) : null}
        <span className="spacer" />
        {!window.opsdeck &&
        typeof Notification !== 'undefined' &&
        Notification.permission === 'default' ? (
          <button type="button" className="btn" onClick={() => void enableDesktopNotifications()}>
            Enable desktop notifications
          </button>
        ) : null}
        {view !== 'deploy' ? (
          <button
            type="button"
            className="btn primary"
            data-testid="check-add"
            onClick={() => setEditing('new')}
          >
            Add check…
          </button>
        ) : null}
      </div>
      {error ? <ErrorNote error={error} testId="checks-error" /> : null}
      {view === 'status' ? (
        <VirtualTable
          rows={rows}
          columns={statusColumns(edit)}
          rowKey={(s) => `${s.checkId} ${s.host}`}
          label="Check states"
          testId="checks-table"
          rowClassName={(s) =>
            s.state === 'CRITICAL' ? 'row-crit' : s.state === 'WARNING' ? 'row-warn' : undefined
          }
          empty={
            <span className="muted">
              {loaded
                ? checks.length
                  ? 'No problem.'
                  : 'No checks yet: add one (a threshold on any series, or backup.restore_test for restore tests).'
                : 'Loading…'}
            </span>
          }
        />
      ) : view === 'history' ? (
        <VirtualTable
          rows={history}
          columns={historyColumns}
          rowKey={(e) => String(e.id)}
          label="Check history"
          testId="checks-history"
          empty={<span className="muted">No state changes yet.</span>}
        />
      ) : (
        <DeployPanel />
      )}
      {editing ? (
        <CheckDialog
          check={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          {...(editing !== 'new' ? { onRemove: () => void remove(editing) } : {})}
        />
      ) : null}
    </div>
  );
}
