import type { FailoverReport } from '../../../src-main/contract';

/** A switchover / failover / rejoin as it is kept: seconds per phase, the write pause, the loss, the timeline. */
export function ReportView({ report }: { report: FailoverReport }) {
  const total = report.phases.reduce((s, p) => s + (p.seconds ?? 0), 0);
  return (
    <section className="failover-report" data-testid="failover-report">
      <h2>
        {report.kind === 'switchover'
          ? 'Switchover'
          : report.kind === 'failover'
            ? 'Failover'
            : 'Rejoin'}{' '}
        of {report.cluster}: {report.oldMaster} → {report.newMaster ?? '?'}
        {report.drill ? <span className="badge tone-unknown">drill</span> : null}
        {report.automatic ? <span className="badge tone-warn">automatic</span> : null}
      </h2>
      <div className="report-facts">
        <span>
          <b data-testid="report-total">{total.toFixed(1)} s</b> in all
        </span>
        {report.writeUnavailableSeconds !== null ? (
          <span>
            writes paused{' '}
            <b data-testid="report-write-pause">{report.writeUnavailableSeconds.toFixed(2)} s</b>
          </span>
        ) : null}
        {report.loss ? (
          <span data-testid="report-loss">
            lost <b>{report.loss.transactions ?? '?'}</b> ({report.loss.certainty})
          </span>
        ) : null}
      </div>
      <table className="grid-table report-phases">
        <thead>
          <tr>
            <th>Phase</th>
            <th className="right">Seconds</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.phases.map((p) => (
            <tr key={p.phase}>
              <td>{p.title}</td>
              <td className="right mono">{p.seconds === null ? '—' : p.seconds.toFixed(2)}</td>
              <td className="report-bar-cell">
                <span
                  className="report-bar"
                  style={{ width: `${total ? (100 * (p.seconds ?? 0)) / total : 0}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ol className="report-timeline">
        {report.timeline.map((e, i) => (
          <li key={i}>
            <span className="mono faint">{new Date(e.at).toLocaleTimeString()}</span> {e.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
