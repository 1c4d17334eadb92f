import { describeHolder, type RunSummary } from '../../../src-main/contract';
import { VirtualTable, type Column } from '../../ui/VirtualTable';
import { StatusBadge } from '../../ui/Status';
import { runTone } from '../../ui/status';
import { formatDuration, elapsed } from '../../ui/format';
import { dateCol } from '../../ui/columns';
import { ErrorNote } from '../../ui/ErrorNote';
import { openRun, useRuns } from './runs-store';
import { isActive } from './run-reducer';

const columns: Column<RunSummary>[] = [
  {
    id: 'status',
    label: 'Status',
    width: '140px',
    render: (r) => (
      <StatusBadge tone={runTone(r.status)}>
        {r.waiting ? `waiting · ${r.waiting.kind === 'gate' ? 'for you' : 'lock'}` : r.status}
      </StatusBadge>
    ),
    title: (r) =>
      r.waiting?.kind === 'gate'
        ? `Waiting for a person: ${r.waiting.title}`
        : r.waiting?.kind === 'lock'
          ? r.waiting.heldBy.map(describeHolder).join('\n')
          : undefined,
  },
  {
    id: 'title',
    label: 'Workflow',
    width: 'minmax(140px, 1fr)',
    className: 'strong',
    render: (r) => r.title,
  },
  {
    id: 'subject',
    label: 'Subject',
    width: 'minmax(140px, 1fr)',
    className: 'mono',
    render: (r) => r.subject,
  },
  { id: 'door', label: 'Door', width: '64px', render: (r) => r.door },
  dateCol('created', 'Started', (r) => r.createdAt, { width: '164px' }),
  {
    id: 'duration',
    label: 'Duration',
    width: '92px',
    align: 'right',
    render: (r) =>
      isActive(r) ? (
        <span className="faint">running</span>
      ) : (
        formatDuration(elapsed(r.createdAt, r.updatedAt) ?? -1)
      ),
  },
  {
    id: 'error',
    label: 'Error',
    width: 'minmax(160px, 2fr)',
    render: (r) => (r.error ? <span className="tone-text-crit">{r.error.message}</span> : ''),
    title: (r) => (r.error ? `${r.error.message}\n${r.error.hint}` : undefined),
  },
];

/** Recent workflow runs; open one in a tab. */
export function RunsArea() {
  const { runs, loaded, error } = useRuns();
  return (
    <div className="area">
      <div className="toolbar">
        <h2>Runs</h2>
        <span className="muted">{runs.length} recent</span>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <VirtualTable
        rows={runs}
        columns={columns}
        rowKey={(r) => r.id}
        label="Workflow runs"
        testId="runs-table"
        rowTestId={(r) => `run-row-${r.id}`}
        onRowClick={openRun}
        empty={
          loaded ? (
            <span className="muted">
              No runs yet. Collect facts on a host (row menu ⋯) to start one.
            </span>
          ) : (
            'Loading…'
          )
        }
      />
    </div>
  );
}
