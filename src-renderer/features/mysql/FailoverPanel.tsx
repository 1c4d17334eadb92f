import type { ClusterPlanView, ErrorShape, MasterHealth } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner, StatusBadge, StatusDot } from '../../ui/Status';
import { useMysql } from './mysql-store';
import { verdictTone } from './mysql-tones';
import { RankingList } from './RankingList';

/**
 * Beside the topology, before anything is pressed: the master's health from several angles, every
 * replica ranked as the new master with its reasons, and what an unplanned failover would lose.
 */
export function FailoverPanel({
  view,
  viewError,
}: {
  view: ClusterPlanView | null;
  viewError: ErrorShape | null;
}) {
  const openWizard = useMysql((s) => s.openFailoverWizard);
  const openSettings = useMysql((s) => s.openClusterSettings);
  if (!view)
    return (
      <aside className="failover-panel" data-testid="failover-panel">
        {viewError ? (
          <ErrorNote error={viewError} testId="failover-panel-error" />
        ) : (
          <div className="muted">
            <Spinner /> Ranking the replicas…
          </div>
        )}
      </aside>
    );
  const { plan, health, cluster } = view;
  const alive = health.verdict === 'alive';
  const dead = health.verdict === 'dead';
  return (
    <aside className="failover-panel" data-testid="failover-panel" aria-labelledby="failover-title">
      {/* Its sections are h3: the panel's own heading keeps the outline in order. */}
      <h2 id="failover-title" className="sr-only">
        Failover
      </h2>
      <header className="failover-head">
        <div>
          <div className="faint">cluster</div>
          <strong data-testid="failover-cluster">{cluster.name}</strong>
          {cluster.saved ? null : <span className="faint"> · defaults (not saved)</span>}
        </div>
        <button
          type="button"
          className="btn small"
          data-testid="cluster-settings-open"
          onClick={() => openSettings(plan.master)}
        >
          Settings…
        </button>
      </header>
      <HealthCard health={health} />
      <section>
        <h3>Who would take over</h3>
        <div className="faint">positions compared by {plan.positioning.replace('-', ' ')}</div>
        <RankingList plan={plan} />
      </section>
      <section className="failover-loss" data-testid="failover-loss">
        <h3>An unplanned failover now would lose</h3>
        <div>{plan.loss.text}</div>
      </section>
      {plan.warnings.map((w) => (
        <div key={w} className="topo-warning">
          {w}
        </div>
      ))}
      {plan.blockers.map((b) => (
        <div key={b} className="failover-blocker" data-testid="failover-blocker">
          {b}
        </div>
      ))}
      <div className="failover-buttons">
        <button
          type="button"
          className="btn primary"
          data-testid="switchover-open"
          disabled={!alive || plan.candidates.every((c) => !c.eligible)}
          title={alive ? 'Planned: fence, catch up, promote, move traffic' : health.summary}
          onClick={() => openWizard({ mode: 'switchover', master: plan.master })}
        >
          Switchover…
        </button>
        <button
          type="button"
          className="btn danger"
          data-testid="failover-open"
          disabled={!dead}
          title={
            dead
              ? 'Unplanned: the master is judged dead'
              : `Only for a dead master: ${health.summary}`
          }
          onClick={() => openWizard({ mode: 'failover', master: plan.master })}
        >
          Failover…
        </button>
      </div>
    </aside>
  );
}

function HealthCard({ health }: { health: MasterHealth }) {
  const tone = verdictTone(health.verdict);
  return (
    <section className={`failover-health tone-border-${tone}`} data-testid="master-health">
      <div className="topo-head">
        <strong>{health.master}</strong>
        <StatusBadge tone={tone} testId="master-verdict">
          {health.verdict}
        </StatusBadge>
      </div>
      <div data-testid="master-health-summary">{health.summary}</div>
      <ul className="failover-angles">
        {health.angles.map((a) => (
          <li key={a.angle}>
            <StatusDot tone={a.ok === null ? 'unknown' : a.ok ? 'ok' : 'crit'} />
            <span className="failover-angle">{a.angle}</span>
            <span className="faint">{a.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
