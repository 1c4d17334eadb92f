import { useMemo, useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/Status';
import { PlanTab } from '../workflows/PlanTab';
import { openRun } from '../workflows/runs-store';
import { useHosts } from '../hosts/hosts-store';

const WORKFLOW = 'mysql-replication-setup';
const PATTERN = /^[^\s,.]+\.[^\s,]+$/;

/** Replication setup: master → new replica. Plan (dry run) or run the workflow. */
export function SetupWizard() {
  const hosts = useHosts((s) => s.hosts);
  const mysqlHosts = useMemo(() => hosts.filter((h) => h.mysql), [hosts]);
  const [master, setMaster] = useState('');
  const [replica, setReplica] = useState('');
  const [seed, setSeed] = useState<'dump' | 'hot-backup'>('dump');
  const [ignore, setIgnore] = useState('');
  const [databases, setDatabases] = useState('');
  const [logReplicaUpdates, setLogReplicaUpdates] = useState(false);
  const [enableBinlog, setEnableBinlog] = useState(false);
  const [plan, setPlan] = useState<{ key: string; params: Record<string, unknown> } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);

  const ignoreTables = ignore
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const dbList = databases
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const badPattern = ignoreTables.find((p) => !PATTERN.test(p));
  const sameHost = master !== '' && master === replica;
  const valid = master !== '' && replica !== '' && !sameHost && !badPattern;

  const params = (): Record<string, unknown> => ({
    master,
    replica,
    seed,
    ...(seed === 'dump' && dbList.length ? { databases: dbList } : {}),
    ignoreTables,
    logReplicaUpdates,
    enableBinlog,
  });

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { runId } = await client.call('workflows.start', {
        workflow: WORKFLOW,
        params: params(),
      });
      openRun({ id: runId, title: 'Replication setup', subject: `${master} → ${replica}` });
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setBusy(false);
    }
  };

  const hostOptions = mysqlHosts.map((h) => (
    <option key={h.id} value={h.name}>
      {h.name} ({h.address})
    </option>
  ));

  return (
    <div className="mysql-setup" data-testid="replication-wizard">
      <form
        className="mysql-setup-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void run();
        }}
      >
        <h2>Set up replication: master → new replica</h2>
        <Field label="Master" htmlFor="rs-master">
          <select
            id="rs-master"
            className="input"
            data-testid="rs-master"
            value={master}
            onChange={(e) => setMaster(e.target.value)}
          >
            <option value="">Choose…</option>
            {hostOptions}
          </select>
        </Field>
        <Field
          label="Replica"
          htmlFor="rs-replica"
          error={sameHost ? 'The replica must be another host' : undefined}
        >
          <select
            id="rs-replica"
            className="input"
            data-testid="rs-replica"
            value={replica}
            onChange={(e) => setReplica(e.target.value)}
          >
            <option value="">Choose…</option>
            {hostOptions}
          </select>
        </Field>
        <Field
          label="Seed"
          htmlFor="rs-seed-dump"
          hint={
            seed === 'dump'
              ? 'mariadb-dump / mysqldump streamed from the master into the replica'
              : 'mariabackup / xtrabackup stream; replaces the replica’s whole data dir'
          }
        >
          <div className="radio-row">
            <label>
              <input
                id="rs-seed-dump"
                type="radio"
                name="seed"
                data-testid="rs-seed-dump"
                checked={seed === 'dump'}
                onChange={() => setSeed('dump')}
              />{' '}
              Dump
            </label>
            <label>
              <input
                type="radio"
                name="seed"
                data-testid="rs-seed-hot-backup"
                checked={seed === 'hot-backup'}
                onChange={() => setSeed('hot-backup')}
              />{' '}
              Hot backup
            </label>
          </div>
        </Field>
        <Field
          label="Databases"
          htmlFor="rs-databases"
          hint="Dump seed: the databases to copy, comma separated (empty: every user database)"
        >
          <input
            id="rs-databases"
            className="input mono"
            data-testid="rs-databases"
            value={databases}
            disabled={seed !== 'dump'}
            onChange={(e) => setDatabases(e.target.value)}
          />
        </Field>
        <Field
          label="Ignore tables"
          htmlFor="rs-ignore"
          error={
            badPattern ? `${badPattern}: use db.table patterns (% and _ wildcards)` : undefined
          }
          hint="replicate-wild-ignore-table patterns, comma or space separated, e.g. app.tmp%"
        >
          <input
            id="rs-ignore"
            className="input mono"
            data-testid="rs-ignore"
            value={ignore}
            aria-invalid={badPattern ? true : undefined}
            onChange={(e) => setIgnore(e.target.value)}
          />
        </Field>
        <Field label="Options" htmlFor="rs-log-replica-updates">
          <div className="check-col">
            <label>
              <input
                id="rs-log-replica-updates"
                type="checkbox"
                data-testid="rs-log-replica-updates"
                checked={logReplicaUpdates}
                onChange={(e) => setLogReplicaUpdates(e.target.checked)}
              />{' '}
              Binary log on the replica records replicated changes (log_slave_updates)
            </label>
            <label>
              <input
                type="checkbox"
                data-testid="rs-enable-binlog"
                checked={enableBinlog}
                onChange={(e) => setEnableBinlog(e.target.checked)}
              />{' '}
              Turn the binary log on at the master if it is off (edits my.cnf, restarts)
            </label>
          </div>
        </Field>
        {error ? <ErrorNote error={error} testId="rs-error" /> : null}
        <div className="mysql-setup-buttons">
          <button
            type="button"
            className="btn"
            disabled={!valid}
            data-testid="rs-plan"
            onClick={() => setPlan({ key: JSON.stringify(params()), params: params() })}
          >
            Plan (dry run)
          </button>
          <button
            type="submit"
            className="btn primary"
            disabled={!valid || busy}
            data-testid="rs-run"
          >
            {busy ? <Spinner /> : null} Run
          </button>
        </div>
      </form>
      {plan ? (
        <div className="mysql-setup-plan">
          <PlanTab key={plan.key} workflow={WORKFLOW} hostId={plan.key} params={plan.params} />
        </div>
      ) : null}
    </div>
  );
}
