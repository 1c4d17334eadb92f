import type { ClusterPlanView, FailoverReport, MasterHealth } from '../../contract';
import { formatTable } from '../output';

const MARK = { good: '+', bad: '-', block: 'x', info: ' ' } as const;

export function renderHealth(h: MasterHealth): string {
  return [
    `${h.master}: ${h.verdict.toUpperCase()} — ${h.summary}`,
    ...h.angles.map(
      (a) => `  ${a.ok === null ? '?' : a.ok ? 'ok' : '!!'}`.padEnd(5) + `${a.angle}: ${a.detail}`,
    ),
  ].join('\n');
}

/** `opsdeck mysql failover --plan`: health, the ranking with every reason, loss, blockers. */
export function renderPlanView(v: ClusterPlanView): string {
  const p = v.plan;
  const table = formatTable(
    ['RANK', 'REPLICA', 'ELIGIBLE', 'BEHIND', 'ERRANT', 'LAG', 'EXECUTED'],
    p.candidates.map((c) => [
      String(c.rank),
      `${c.name}${c.name === p.chosen ? ' *' : ''}`,
      c.eligible ? 'yes' : 'no',
      c.behind === null ? '?' : String(c.behind),
      c.errantCount ? `${c.errantCount}` : '-',
      c.lag?.seconds == null
        ? '-'
        : `${c.lag.seconds.toFixed(c.lag.source === 'heartbeat' ? 1 : 0)}s${c.lag.source === 'heartbeat' ? '' : ' (coarse)'}`,
      c.executed || '-',
    ]),
  );
  const reasons = p.candidates.flatMap((c) => [
    `${c.rank}. ${c.name}`,
    ...c.reasons.map((r) => `   ${MARK[r.kind]} ${r.text}`),
  ]);
  return [
    `cluster ${v.cluster.name}${v.cluster.saved ? '' : ' (not saved: defaults)'} — master ${p.master}, ${p.mode}, positions by ${p.positioning}`,
    renderHealth(v.health),
    '',
    table,
    '',
    ...reasons,
    '',
    `would promote: ${p.chosen ?? 'nobody'}`,
    `loss: ${p.loss.text}`,
    ...p.warnings.map((w) => `warning: ${w}`),
    ...p.blockers.map((b) => `blocked: ${b}`),
  ].join('\n');
}

export function renderReports(reports: readonly FailoverReport[]): string {
  return formatTable(
    ['STARTED', 'CLUSTER', 'KIND', 'FROM', 'TO', 'STATUS', 'SECONDS', 'WRITES DOWN', 'LOST'],
    reports.map((r) => [
      r.startedAt,
      r.cluster,
      `${r.kind}${r.drill ? ' (drill)' : ''}${r.automatic ? ' (auto)' : ''}`,
      r.oldMaster,
      r.newMaster ?? '-',
      r.status,
      r.phases.reduce((s, x) => s + (x.seconds ?? 0), 0).toFixed(1),
      r.writeUnavailableSeconds === null ? '-' : `${r.writeUnavailableSeconds.toFixed(2)}s`,
      r.loss ? (r.loss.transactions === null ? '?' : String(r.loss.transactions)) : '-',
    ]),
  );
}
