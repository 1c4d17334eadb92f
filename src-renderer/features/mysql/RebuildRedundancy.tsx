import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Plan,
  type WorkflowStartIn,
} from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { PlanView } from '../workflows/PlanView';
import { useMysql } from './mysql-store';

/** What the user is looking at: the two offers, or the rejoin's (or reseed's) dry run. */
type Stage = { kind: 'offers' } | { kind: 'plan'; reseed: boolean };

/** The dry run of a rejoin, or why it cannot be (the divergence check refused it). */
type Planned =
  | { kind: 'loading' }
  | { kind: 'plan'; plan: Plan }
  | { kind: 'diverged'; error: ErrorShape }
  | { kind: 'error'; error: ErrorShape };

/** A dry run refused: a divergence (named, a reseed offered) or any other error. */
const refusedPlan = (error: ErrorShape): Planned =>
  error.code === 'MYSQL_DIVERGED' ? { kind: 'diverged', error } : { kind: 'error', error };

const rejoinRequest = (host: string, under: string, reseed: boolean): WorkflowStartIn => ({
  workflow: 'mysql-rejoin',
  params: { host, under, reseed },
});

/**
 * After a failover the cluster has one copy less: offer it back. (a) the old master rejoins as a
 * replica of the new one — planned first, its divergence check shown: when it has transactions the
 * new master never got they are named and a reseed (hot backup of the new master) is offered
 * instead; (b) a new replica seeded from the new master, in the replication setup wizard. Runs
 * ask for the host's name, typed, before they change anything (the workflow's go-ahead).
 */
export function RebuildRedundancy({
  oldMaster,
  newMaster,
  onStarted,
}: {
  oldMaster: string;
  newMaster: string;
  /** A rejoin run started: the caller shows it live. */
  onStarted(runId: string): void;
}) {
  const [stage, setStage] = useState<Stage>({ kind: 'offers' });
  const [diverged, setDiverged] = useState<ErrorShape | null>(null);
  const openSetup = useMysql((s) => s.openSetup);
  return (
    <section className="rebuild" data-testid="rebuild" aria-labelledby="rebuild-title">
      <h3 id="rebuild-title">Rebuild redundancy</h3>
      <p className="muted">
        {newMaster} carries the writes; {oldMaster} is out of the cluster. Bring a spare back:
      </p>
      {stage.kind === 'offers' ? (
        <div className="failover-buttons">
          <button
            type="button"
            className="btn primary"
            data-testid="rebuild-rejoin"
            onClick={() => setStage({ kind: 'plan', reseed: false })}
          >
            Rejoin {oldMaster} under {newMaster}…
          </button>
          <button
            type="button"
            className="btn"
            data-testid="rebuild-new-replica"
            onClick={() => openSetup({ master: newMaster })}
          >
            New replica from {newMaster}…
          </button>
        </div>
      ) : (
        <RejoinPlan
          key={String(stage.reseed)}
          oldMaster={oldMaster}
          newMaster={newMaster}
          reseed={stage.reseed}
          diverged={diverged}
          onDiverged={setDiverged}
          onReseed={() => setStage({ kind: 'plan', reseed: true })}
          onBack={() => setStage({ kind: 'offers' })}
          onStarted={onStarted}
        />
      )}
    </section>
  );
}

function RejoinPlan({
  oldMaster,
  newMaster,
  reseed,
  diverged,
  onDiverged,
  onReseed,
  onBack,
  onStarted,
}: {
  oldMaster: string;
  newMaster: string;
  reseed: boolean;
  diverged: ErrorShape | null;
  onDiverged(error: ErrorShape): void;
  onReseed(): void;
  onBack(): void;
  onStarted(runId: string): void;
}) {
  const [planned, setPlanned] = useState<Planned>({ kind: 'loading' });
  /** Bumped by "Check again": the only thing besides the roles that plans the rejoin anew. */
  const [check, setCheck] = useState(0);
  const [startError, setStartError] = useState<ErrorShape | null>(null);
  const request = rejoinRequest(oldMaster, newMaster, reseed);

  useEffect(() => {
    let live = true;
    client
      .call('workflows.plan', rejoinRequest(oldMaster, newMaster, reseed))
      .then((plan) => live && setPlanned({ kind: 'plan', plan }))
      .catch((err: unknown) => live && setPlanned(refusedPlan(toErrorShape(err))));
    return () => {
      live = false;
    };
  }, [oldMaster, newMaster, reseed, check]);

  // The parent keeps the divergence for the reseed's own dry run (which no longer refuses).
  useEffect(() => {
    if (planned.kind === 'diverged') onDiverged(planned.error);
  }, [planned, onDiverged]);

  const checkAgain = (
    <button
      type="button"
      className="btn"
      data-testid="rebuild-check-again"
      onClick={() => {
        setPlanned({ kind: 'loading' });
        setCheck((n) => n + 1);
      }}
    >
      Check again
    </button>
  );

  const start = async () => {
    setStartError(null);
    try {
      onStarted((await client.call('workflows.start', request)).runId);
    } catch (err) {
      setStartError(toErrorShape(err));
    }
  };

  const back = (
    <button type="button" className="btn" onClick={onBack}>
      Back
    </button>
  );
  if (planned.kind === 'loading')
    return (
      <div className="muted" data-testid="rebuild-checking">
        <Spinner /> Checking {oldMaster} against {newMaster} (reads only, nothing is changed)…
      </div>
    );
  if (planned.kind === 'error')
    return (
      <>
        <ErrorNote error={planned.error} testId="rebuild-error" />
        <div className="failover-buttons">
          {back}
          {checkAgain}
        </div>
      </>
    );
  if (planned.kind === 'diverged')
    return (
      <>
        <div className="rebuild-check tone-border-crit" data-testid="rebuild-diverged" role="alert">
          <strong>Divergence check: {oldMaster} cannot simply rejoin.</strong>
          <div>{planned.error.message}</div>
          <div className="muted">
            Reseeding replaces {oldMaster}’s data with a hot backup of {newMaster}; its own data
            dir, with those transactions, is moved aside, not deleted.
          </div>
        </div>
        <div className="failover-buttons">
          {back}
          {checkAgain}
          <button
            type="button"
            className="btn danger"
            data-testid="rebuild-reseed"
            onClick={onReseed}
          >
            Reseed {oldMaster} from {newMaster}…
          </button>
        </div>
      </>
    );
  return (
    <>
      <div
        className={`rebuild-check ${reseed ? 'tone-border-warn' : 'tone-border-ok'}`}
        data-testid="rebuild-check"
      >
        <strong>Divergence check:</strong>{' '}
        {reseed && diverged
          ? diverged.message
          : `${oldMaster} has no transaction ${newMaster} lacks: it replicates on from its own last one.`}
      </div>
      <PlanView plan={planned.plan} />
      {startError ? <ErrorNote error={startError} testId="rebuild-start-error" /> : null}
      <div className="failover-buttons">
        {back}
        <button
          type="button"
          className={`btn ${reseed ? 'danger' : 'primary'}`}
          data-testid="rebuild-run"
          onClick={() => void start()}
        >
          {reseed ? `Reseed ${oldMaster}…` : `Rejoin ${oldMaster}…`}
        </button>
        <span className="faint">It asks for {oldMaster}’s name before it changes anything.</span>
      </div>
    </>
  );
}
