import { useEffect, useMemo, useState } from 'react';
import type { AuditRecord } from '../../../src-main/contract';
import { useConnection } from '../../api/connection';
import { auditStore, useAudit } from './audit-store';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { ErrorNote } from '../../ui/ErrorNote';
import { dateCol, statusCol } from '../../ui/columns';

const columns: Column<AuditRecord>[] = [
  dateCol('at', 'Time', (r) => r.at, { width: '164px' }),
  { id: 'door', label: 'Door', width: '64px', render: (r) => r.door },
  {
    id: 'target',
    label: 'Target',
    width: 'minmax(120px, 1fr)',
    className: 'mono',
    render: (r) => r.target,
  },
  { id: 'action', label: 'Action', width: 'minmax(140px, 1fr)', render: (r) => r.action },
  {
    id: 'detail',
    label: 'Detail',
    width: 'minmax(200px, 3fr)',
    className: 'mono',
    render: (r) => r.detail,
    title: (r) => r.detail,
  },
  statusCol(
    'outcome',
    'Outcome',
    (r) => r.outcome,
    (o) => (o === 'ok' ? 'ok' : 'crit'),
    {
      width: '92px',
    },
  ),
];

/** The audit trail: every change made to a remote system, newest first. */
export function AuditArea() {
  const { records, loaded, error } = useAudit();
  const [query, setQuery] = useState('');
  const open = useConnection((s) => s.state === 'open');
  // Read while the area is open and the connection is up: a reconnect reads the list again.
  useEffect(() => (open ? auditStore.start() : undefined), [open]);

  const rows = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return records;
    return records.filter((r) => {
      const hay = `${r.target} ${r.action} ${r.detail} ${r.door} ${r.outcome}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [records, query]);

  return (
    <div className="area">
      <div className="toolbar">
        <h2>Audit</h2>
        <input
          className="input search"
          type="search"
          placeholder="Filter target, action, detail  ( / )"
          aria-label="Filter audit records"
          data-area-search
          data-testid="audit-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="muted">{loaded ? `${rows.length} records` : ''}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={auditStore.resync}>
          Refresh
        </button>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(r) => String(r.id)}
        label="Audit trail"
        testId="audit-table"
        rowClassName={(r) => (r.outcome === 'failed' ? 'row-crit' : undefined)}
        empty={<span className="muted">{loaded ? 'No audit records.' : 'Loading…'}</span>}
      />
    </div>
  );
}
