import { useCallback, useEffect, useMemo, useState } from 'react';
import { toErrorShape, type AuditRecord, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { StatusBadge } from '../../ui/Status';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatDateTime } from '../../ui/format';

const columns: Column<AuditRecord>[] = [
  {
    id: 'at',
    label: 'Time',
    width: '164px',
    className: 'mono',
    render: (r) => formatDateTime(r.at),
  },
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
  {
    id: 'outcome',
    label: 'Outcome',
    width: '92px',
    render: (r) => <StatusBadge tone={r.outcome === 'ok' ? 'ok' : 'crit'}>{r.outcome}</StatusBadge>,
  },
];

/** The audit trail: every change made to a remote system, newest first. */
export function AuditArea() {
  const [records, setRecords] = useState<AuditRecord[] | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [query, setQuery] = useState('');

  const load = useCallback(() => {
    client
      .call('audit.list', { limit: 2000 })
      .then((r) => {
        setRecords(r);
        setError(null);
      })
      .catch((err: unknown) => setError(toErrorShape(err)));
  }, []);

  useEffect(() => {
    load();
    // Runs are what write audit records: refresh (debounced) when one changes state.
    let t: ReturnType<typeof setTimeout> | undefined;
    const off = client.on('workflow.event', (ev) => {
      if (ev.type !== 'run') return;
      clearTimeout(t);
      t = setTimeout(load, 500);
    });
    return () => {
      off();
      clearTimeout(t);
    };
  }, [load]);

  const rows = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!records || words.length === 0) return records ?? [];
    return records.filter((r) => {
      const hay = `${r.target} ${r.action} ${r.detail} ${r.door} ${r.outcome}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [records, query]);

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
        <span className="muted">{records ? `${rows.length} records` : ''}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={load}>
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
        empty={<span className="muted">{records ? 'No audit records.' : 'Loading…'}</span>}
      />
    </div>
  );
}
