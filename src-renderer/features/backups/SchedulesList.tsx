import { describeWhen, type Schedule } from '../../../src-main/contract';
import { formatDateTime } from '../../ui/format';
import { useHosts } from '../hosts/hosts-store';
import { runScheduleNow, useBackups } from './backups-store';
import { CronDialog } from './CronDialog';
import { CronImportButton } from './CronImportButton';
import { ScheduleDialog } from './ScheduleDialog';
import { verifyPlace } from './schedule-form';
import { openScheduleDialog, removeSchedule, showCronPlan, useScheduleUi } from './schedules-store';

/** The schedules with their next run: add, change, run now, review/install cron, remove. */
export function SchedulesList() {
  const schedules = useBackups((s) => s.schedules);
  return (
    <section className="backup-schedules" aria-label="Schedules" data-testid="backup-schedules">
      <div className="backup-schedules-head">
        <h2>Schedules</h2>
        <button
          type="button"
          className="btn small"
          data-testid="schedule-new"
          onClick={() => openScheduleDialog()}
        >
          New schedule…
        </button>
        {schedules.some((s) => s.runner === 'cron') ? <CronImportButton /> : null}
      </div>
      {schedules.length ? (
        <table className="grid-table backup-schedule-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Host</th>
              <th>Kind</th>
              <th>When</th>
              <th>Runner</th>
              <th>To</th>
              <th>Prepare on</th>
              <th>Restore test on</th>
              <th>Next</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <ScheduleRow key={s.id} s={s} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">
          No schedules. New schedule… here, or{' '}
          <span className="mono">
            opsdeck backup schedule add nightly db1 --when daily@02:30 --kind hot --to s3://…
            --restore-test-on db3 --confirm-scratch db3
          </span>
        </p>
      )}
      <ScheduleDialog />
      <CronDialog />
    </section>
  );
}

function ScheduleRow({ s }: { s: Schedule }) {
  const removing = useScheduleUi((u) => u.removing?.id === s.id);
  return (
    <tr data-testid={`schedule-row-${s.name}`}>
      <td>{s.name}</td>
      <td className="mono">{s.hostName}</td>
      <td>{s.kind}</td>
      <td>{describeWhen(s.when)}</td>
      <td>
        {s.runner === 'cron' ? (
          <button
            type="button"
            className="btn small ghost"
            data-testid="schedule-cron"
            title="Read the script and crontab line; install or remove it"
            onClick={() => void showCronPlan(s)}
          >
            cron ({s.cronInstalled ? 'installed' : 'not installed'})
          </button>
        ) : (
          'Opsdeck'
        )}
      </td>
      <td className="mono">{s.to ?? 'EC2'}</td>
      <VerifyCell s={s} />
      <td className="mono">{s.restoreTestOn ?? '—'}</td>
      <td className="mono">{s.nextRunAt ? formatDateTime(s.nextRunAt) : '—'}</td>
      <td className="backup-schedule-buttons">
        {removing ? (
          <>
            <span>Remove {s.name}?</span>
            <button
              type="button"
              className="btn small danger"
              data-testid="schedule-remove-confirm"
              onClick={() => void removeSchedule(s)}
            >
              Remove
            </button>
            <button
              type="button"
              className="btn small"
              onClick={() => useScheduleUi.setState({ removing: null })}
            >
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" className="btn small" onClick={() => void runScheduleNow(s)}>
              Run now
            </button>
            <button
              type="button"
              className="btn small"
              data-testid="schedule-edit"
              disabled={s.cronInstalled}
              title={
                s.cronInstalled
                  ? `Remove it from ${s.hostName}'s crontab first; install it again after the change`
                  : undefined
              }
              onClick={() => openScheduleDialog(s)}
            >
              Edit…
            </button>
            <button
              type="button"
              className="btn small ghost"
              data-testid="schedule-remove"
              disabled={s.cronInstalled}
              title={s.cronInstalled ? 'Remove its cron entry first' : undefined}
              onClick={() => useScheduleUi.setState({ removing: s })}
            >
              Remove
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** Where a hot schedule's runs are prepared to be verified; none, loudly. Dumps: —. */
function VerifyCell({ s }: { s: Schedule }) {
  const hosts = useHosts((h) => h.hosts);
  const place = verifyPlace(s, hosts);
  return (
    <td data-testid="schedule-verify-on-cell" className={place?.warn ? 'tone-text-warn' : 'mono'}>
      {place?.text ?? '—'}
    </td>
  );
}
