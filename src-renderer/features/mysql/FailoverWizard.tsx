import { useEffect, useMemo, useState } from 'react';
import {
  toErrorShape,
  type ClusterPlanView,
  type ErrorShape,
  type FailoverReport,
  type RunSummary,
  type WorkflowStartIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner, StatusBadge } from '../../ui/Status';
import { PlanTab } from '../workflows/PlanTab';
import { RunTab } from '../workflows/RunTab';
import { useMysql, type WizardTarget } from './mysql-store';
import { verdictTone } from './mysql-tones';
import { RankingList } from './RankingList';
import { ReportView } from './ReportView';
import { RebuildRedundancy } from './RebuildRedundancy';

type Stage = 'candidate' | 'plan' | 'run';

/**
 * Switchover / failover, guided: the candidate (the ranking with every reason, the planner's
 * choice preselected), the dry-run plan, then the run — its go-ahead asks for the cluster's name
 * (the gate dialog) — live, and its report.
 */
export function FailoverWizard({ target }: { target: WizardTarget }) {
  const close = useMysql((s) => s.closeFailoverWizard);
  const [view, setView] = useState<ClusterPlanView | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [stage, setStage] = useState<Stage>('candidate');
  const [picked, setPicked] = useState('');
  const [drill, setDrill] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);

  const { master, mode } = target;
  useEffect(() => {
    let live = true;
    client
      .call('mysql.failoverPlan', { master, mode })
      .then((v) => {
        if (!live) return;
        setView(v);
        setPicked(v.plan.chosen ?? '');
      })
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [master, mode]);

  const request = useMemo<WorkflowStartIn | null>(() => {
    if (!picked) return null;
    const params = { master: target.master, to: picked, drill };
    return target.mode === 'switchover'
      ? { workflow: 'mysql-switchover', params }
      : { workflow: 'mysql-failover', params };
  }, [target, picked, drill]);

  const start = async () => {
    if (!request) return;
    setError(null);
    try {
      setRunId((await client.call('workflows.start', request)).runId);
      setStage('run');
    } catch (err) {
      setError(toErrorShape(err));
    }
  };

  const title = target.mode === 'switchover' ? 'Switchover' : 'Failover';
  return (
    <div className="failover-wizard" data-testid="failover-wizard">
      <header className="toolbar">
        <strong>
          {title} of {view?.cluster.name ?? '…'}
        </strong>
        <span className="muted">master {target.master}</span>
        <Stages stage={stage} />
        <span className="spacer" />
        <button type="button" className="btn" onClick={close} data-testid="wizard-close">
          {stage === 'run' ? 'Back to the topology' : 'Cancel'}
        </button>
      </header>
      {error ? <ErrorNote error={error} testId="wizard-error" /> : null}
      {!view ? (
        error ? null : (
          <div className="area-center">
            <Spinner /> <span className="muted">Ranking the replicas…</span>
          </div>
        )
      ) : stage === 'candidate' ? (
        <section className="wizard-body">
          <div className={`failover-health tone-border-${verdictTone(view.health.verdict)}`}>
            <div className="topo-head">
              <strong>{view.health.master}</strong>
              <StatusBadge tone={verdictTone(view.health.verdict)}>
                {view.health.verdict}
              </StatusBadge>
            </div>
            <div>{view.health.summary}</div>
          </div>
          <h3>Promote</h3>
          <RankingList plan={view.plan} selected={picked} onSelect={setPicked} />
          <div className="failover-loss" data-testid="wizard-loss">
            <strong>Loss:</strong> {view.plan.loss.text}
          </div>
          {view.plan.warnings.map((w) => (
            <div key={w} className="topo-warning">
              {w}
            </div>
          ))}
          {view.plan.blockers.map((b) => (
            <div key={b} className="failover-blocker">
              {b}
            </div>
          ))}
          <label className="check">
            <input
              type="checkbox"
              checked={drill}
              data-testid="wizard-drill"
              onChange={(e) => setDrill(e.target.checked)}
            />{' '}
            Drill (test clusters only: the report is kept as a drill)
          </label>
          <div className="failover-buttons">
            <button
              type="button"
              className="btn primary"
              disabled={!picked}
              data-testid="wizard-plan"
              onClick={() => setStage('plan')}
            >
              Plan (dry run)
            </button>
          </div>
        </section>
      ) : stage === 'plan' && request ? (
        <section className="wizard-body">
          <PlanTab request={request} />
          <div className="failover-buttons">
            <button type="button" className="btn" onClick={() => setStage('candidate')}>
              Back
            </button>
            <button
              type="button"
              className={`btn ${target.mode === 'failover' ? 'danger' : 'primary'}`}
              data-testid="wizard-run"
              onClick={() => void start()}
            >
              {title} to {picked}…
            </button>
            <span className="faint">
              It asks for the cluster’s name before it changes anything.
            </span>
          </div>
        </section>
      ) : runId ? (
        <RunStage runId={runId} />
      ) : null}
    </div>
  );
}

function Stages({ stage }: { stage: Stage }) {
  const all: [Stage, string][] = [
    ['candidate', '1 Candidate'],
    ['plan', '2 Plan'],
    ['run', '3 Run & report'],
  ];
  return (
    <span className="wizard-stages">
      {all.map(([id, label]) => (
        <span key={id} className={id === stage ? 'current' : 'faint'}>
          {label}
        </span>
      ))}
    </span>
  );
}

/**
 * The run, live; its report once it succeeded. After a failover the report offers to rebuild
 * redundancy; a rejoin started from there is shown live in the run's place.
 */
function RunStage({ runId }: { runId: string }) {
  const [report, setReport] = useState<FailoverReport | null>(null);
  const [rebuildRunId, setRebuildRunId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const fetchReport = () =>
      client
        .call('mysql.failoverReports', { limit: 20 })
        .then((list) => {
          const r = list.find((x) => x.runId === runId && x.status === 'succeeded');
          if (live && r) setReport(r);
        })
        .catch(() => undefined);
    const off = client.on('workflow.event', (ev) => {
      if (ev.runId === runId && ev.type === 'run' && ended(ev.run)) void fetchReport();
    });
    void fetchReport();
    return () => {
      live = false;
      off();
    };
  }, [runId]);
  return (
    <div className="wizard-run">
      {report ? <ReportView report={report} /> : null}
      {report?.kind === 'failover' && report.newMaster && !rebuildRunId ? (
        <RebuildRedundancy
          oldMaster={report.oldMaster}
          newMaster={report.newMaster}
          onStarted={setRebuildRunId}
        />
      ) : null}
      <RunTab key={rebuildRunId ?? runId} runId={rebuildRunId ?? runId} />
    </div>
  );
}

const ended = (r: RunSummary) => !['running', 'waiting', 'compensating'].includes(r.status);
