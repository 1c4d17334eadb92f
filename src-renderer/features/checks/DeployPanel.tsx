import { useState } from 'react';
import type { DeployReport } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { StatusBadge, Spinner } from '../../ui/Status';
import { formatDateTime } from '../../ui/format';
import { useDeploy } from './checks-store';

function Report({ report }: { report: DeployReport }) {
  return (
    <div className="deploy-report" data-testid={`deploy-report-${report.suite}`}>
      <h4>
        <StatusBadge tone={report.passed ? 'ok' : 'crit'}>
          {report.passed ? 'PASS' : 'FAIL'}
        </StatusBadge>{' '}
        {report.suite}{' '}
        <span className="muted">
          role {report.role} · {formatDateTime(report.startedAt)} · {report.door}
        </span>
      </h4>
      <table className="kv-table">
        <tbody>
          {report.hosts.flatMap((h) =>
            h.items.map((it, i) => (
              <tr key={`${h.host} ${i}`}>
                <td className="mono">{i === 0 ? h.host : ''}</td>
                <td>
                  <StatusBadge
                    tone={it.outcome === 'pass' ? 'ok' : it.outcome === 'fail' ? 'crit' : 'unknown'}
                  >
                    {it.outcome}
                  </StatusBadge>
                </td>
                <td>{it.title}</td>
                <td className="muted">{it.detail}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Deployment check suites per role: run one now, see each run's pass/fail per host. */
export function DeployPanel() {
  const suites = useDeploy((s) => s.suites);
  const reports = useDeploy((s) => s.reports);
  const [running, setRunning] = useState<string | null>(null);
  const run = async (id: string) => {
    setRunning(id);
    try {
      await client.call('deploy.run', { suite: id });
    } catch (err) {
      notifyError('The suite could not run', err);
    } finally {
      setRunning(null);
    }
  };
  return (
    <div className="area-scroll deploy-panel">
      {suites.length === 0 ? (
        <p className="muted">
          No deployment suites yet. Create one per server role from the CLI (
          <span className="mono">opsdeck deploy save-suite</span>) — e.g. services enabled, fstab
          mounted, replication lag under 30 s, read_only as the role wants, HAProxy backends UP,
          tables consistent.
        </p>
      ) : (
        <table className="kv-table" data-testid="deploy-suites">
          <thead>
            <tr>
              <th>Suite</th>
              <th>Role</th>
              <th>Checks</th>
              <th>Schedule</th>
              <th>Last run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {suites.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td className="mono">{s.role}</td>
                <td>{s.checks.map((c) => c.kind).join(', ')}</td>
                <td>{s.everyMinutes ? `every ${s.everyMinutes} min` : 'on demand'}</td>
                <td>{s.lastRunAt ? formatDateTime(s.lastRunAt) : '—'}</td>
                <td>
                  <button
                    type="button"
                    className="btn small"
                    disabled={running !== null}
                    data-testid={`deploy-run-${s.name}`}
                    onClick={() => void run(s.id)}
                  >
                    {running === s.id ? <Spinner label="Running" /> : 'Run now'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reports.slice(0, 10).map((r) => (
        <Report key={r.id} report={r} />
      ))}
    </div>
  );
}
