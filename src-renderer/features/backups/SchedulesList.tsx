import { describeWhen } from '../../../src-main/contract';
import { formatDateTime } from '../../ui/format';
import { runScheduleNow, useBackups } from './backups-store';

/** The schedules (created with `opsdeck backup schedule add`), with their next run. */
export function SchedulesList() {
  const schedules = useBackups((s) => s.schedules);
  return (
    <section className="backup-schedules" aria-label="Schedules" data-testid="backup-schedules">
      <h2>Schedules</h2>
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
              <th>Restore test on</th>
              <th>Next</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td className="mono">{s.hostName}</td>
                <td>{s.kind}</td>
                <td>{describeWhen(s.when)}</td>
                <td>
                  {s.runner === 'cron'
                    ? `cron (${s.cronInstalled ? 'installed' : 'not installed'})`
                    : 'Opsdeck'}
                </td>
                <td className="mono">{s.to ?? 'EC2'}</td>
                <td className="mono">{s.restoreTestOn ?? '—'}</td>
                <td className="mono">{s.nextRunAt ? formatDateTime(s.nextRunAt) : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => void runScheduleNow(s)}
                  >
                    Run now
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">
          No schedules.{' '}
          <span className="mono">
            opsdeck backup schedule add nightly db1 --when daily@02:30 --kind hot --to s3://…
            --restore-test-on db3 --confirm-scratch db3
          </span>
        </p>
      )}
    </section>
  );
}
