import { useCallback, useEffect, useMemo, useState } from 'react';
import { toErrorShape, type AuditRecord, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { useConnection } from '../../api/connection';
import { AUDIT_LIMIT, mergeAudit } from './audit-model';
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
  const open = useConnection((s) => s.state === 'open');

  const load = useCallback(() => {
    client
      .call('audit.list', { limit: AUDIT_LIMIT })
      .then((r) => {
        setRecords((shown) => mergeAudit(shown ?? [], r));
        setError(null);
      })
      .catch((err: unknown) => setError(toErrorShape(err)));
  }, []);

  // Every record the core appends arrives as audit.appended, whoever made the change (any door,
  // a run, an EC2 action): it goes on top at once. After a reconnect the list is read again.
  useEffect(() => {
    if (!open) return;
    const off = client.on('audit.appended', (record) =>
      setRecords((shown) => mergeAudit(shown ?? [], [record])),
    );
    load();
    return off;
  }, [load, open]);

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
