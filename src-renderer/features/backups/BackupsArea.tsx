import type { KeyboardEvent } from 'react';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import { VirtualTable } from '../../ui/VirtualTable';
import { ActionBar } from './ActionBar';
import { backupColumns } from './backup-columns';
import { failedRestoreTests } from './backup-view';
import { BackupDetails } from './BackupDetails';
import { useBackups } from './backups-store';
import { NewBackupForm } from './NewBackupForm';
import { SchedulesList } from './SchedulesList';
import './backups.css';

/** The backup catalog: take a backup, see it catalogued, verify it, prove it with a restore test. */
export function BackupsArea() {
  const { entries, selected, action, plan, error: loadError } = useBackups();
  const entry = entries.find((e) => e.id === selected);
  const failed = failedRestoreTests(entries);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const i = entries.findIndex((x) => x.id === selected);
    const next =
      entries[Math.max(0, Math.min(entries.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) useBackups.setState({ selected: next.id });
  };
  return (
    <div className="area backups-area">
      <div className="toolbar">
        <h1>Backups</h1>
        <span className="muted" data-testid="backups-count">
          {entries.length
            ? `${entries.filter((e) => e.status === 'succeeded').length} good of ${entries.length}`
            : ''}
        </span>
        {failed.length ? (
          <StatusBadge tone="crit" testId="backups-critical">
            {failed.length} restore test{failed.length > 1 ? 's' : ''} failed
          </StatusBadge>
        ) : null}
        <span className="spacer" />
        <span className="faint">A backup is not a backup until its restore test passed.</span>
      </div>
      <NewBackupForm />
      {action ? <ActionBar action={action} /> : null}
      {action?.error ? <ErrorNote error={action.error} testId="backup-error" /> : null}
      {loadError ? <ErrorNote error={loadError} /> : null}
      {plan ? (
        <pre
          className="backup-plan mono"
          data-testid="backup-plan-text"
          tabIndex={0}
          aria-label="Backup plan"
        >
          {plan.steps
            .map((s, i) =>
              [
                `${i + 1}. ${s.title}`,
                ...s.actions.map(
                  (a) => `   ${a.write ? 'WRITE' : 'read '} ${a.target}: ${a.detail}`,
                ),
              ].join('\n'),
            )
            .join('\n')}
        </pre>
      ) : null}
      <div className="backups-split">
        <VirtualTable
          rows={entries}
          columns={backupColumns}
          rowKey={(e) => e.id}
          label="Backup catalog"
          testId="backups-table"
          rowTestId={(e) => `backup-row-${e.id}`}
          rowClassName={(e) =>
            e.restoreTest?.status === 'failed' || e.status === 'failed' ? 'row-crit' : undefined
          }
          selected={new Set(selected ? [selected] : [])}
          focusKey={selected}
          onRowClick={(e) => useBackups.setState({ selected: e.id, until: '' })}
          onKeyDown={onKeyDown}
          empty={
            <span className="muted" data-testid="backups-empty">
              No backups yet. Pick a host and a destination above.
            </span>
          }
        />
        {entry ? <BackupDetails entry={entry} /> : null}
      </div>
      <SchedulesList />
    </div>
  );
}
