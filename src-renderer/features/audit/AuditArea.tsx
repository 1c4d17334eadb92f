import { useEffect, useMemo, useState } from 'react';
import type { AuditRecord } from '../../../src-main/contract';
import { useConnection } from '../../api/connection';
import { auditStore, useAudit } from './audit-store';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { sortedColumn, textColumn, useSortedRows } from '../../ui/columns';
import { StatusBadge } from '../../ui/Status';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatDateTime } from '../../ui/format';

const columns: Column<AuditRecord>[] = [
  sortedColumn(
    'at',
    'Time',
    '164px',
    (r) => r.id,
    (r) => formatDateTime(r.at),
    { className: 'mono' },
  ),
  textColumn('door', 'Door', '64px', (r) => r.door),
  textColumn('target', 'Target', 'minmax(120px, 1fr)', (r) => r.target, { className: 'mono' }),
  textColumn('action', 'Action', 'minmax(140px, 1fr)', (r) => r.action),
  textColumn('detail', 'Detail', 'minmax(200px, 3fr)', (r) => r.detail, { className: 'mono' }),
  {
    id: 'outcome',
    label: 'Outcome',
    width: '92px',
    sortable: true,
    sortValue: (r) => r.outcome,
    render: (r) => <StatusBadge tone={r.outcome === 'ok' ? 'ok' : 'crit'}>{r.outcome}</StatusBadge>,
  },
];

/** The audit trail: every change made to a remote system, newest first. */
export function AuditArea() {
  const { records, loaded, error } = useAudit();
  const [query, setQuery] = useState('');
  const open = useConnection((s) => s.state === 'open');
  useEffect(() => (open ? auditStore.start() : undefined), [open]);

  const rows = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return records;
    return records.filter((r) => {
      const hay = `${r.target} ${r.action} ${r.detail} ${r.door} ${r.outcome}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [records, query]);
  const table = useSortedRows(rows, columns);

  return (
    <div className="area">
      <div className="toolbar">
        <h1>Audit</h1>
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
        rows={table.rows}
        columns={columns}
        sort={table.sort}
        onSort={table.onSort}
        rowKey={(r) => String(r.id)}
        label="Audit trail"
        testId="audit-table"
        rowClassName={(r) => (r.outcome === 'failed' ? 'row-crit' : undefined)}
        empty={<span className="muted">{loaded ? 'No audit records.' : 'Loading…'}</span>}
      />
    </div>
  );
}
