import { useMemo, useState } from 'react';
import {
  isMysqlHost,
  toErrorShape,
  type ErrorShape,
  type PreflightReport,
  type ServerFacts,
} from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { Spinner } from '../../ui/Status';
import { PlanTab } from '../workflows/PlanTab';
import { openRun } from '../workflows/runs-store';
import { useHosts } from '../hosts/hosts-store';
import { BinlogOffer } from './BinlogOffer';
import { BindAddressOffer } from './BindAddressOffer';
import { OverwriteConfirm } from './OverwriteConfirm';
import { PreflightList } from './PreflightList';
import { ServerIdOffer, serverIdClash } from './ServerIdOffer';
import { checkForm, emptyForm, setupParams, type SetupForm } from './setup-model';
import { useServerFacts } from './use-server-facts';
import { useMysql } from './mysql-store';
import { Check, Choice, HostSelect, TextField } from './wizard-fields';

/** Master and replica are the same host: no server_id offer for that. */
const check0 = (form: SetupForm) => form.master !== '' && form.master === form.replica;

/** One line about a server, under its selector. */
const factsLine = (f: ServerFacts | null, loading: boolean) =>
  loading
    ? 'reading server facts…'
    : f
      ? `${f.flavor} ${f.version} · server_id ${f.serverId} · binlog ${f.logBin ? `on (${f.binlogFormat})` : 'off'} · ${f.userDatabases.length ? `databases: ${f.userDatabases.join(', ')}` : 'no user databases'}`
      : undefined;

/** The form as the wizard opens: empty, or pre-filled once by whoever opened it (read and cleared). */
function presetForm(): SetupForm {
  const preset = useMysql.getState().setupPreset;
  if (!preset) return emptyForm;
  useMysql.setState({ setupPreset: null });
  // A new replica of a master that may be failed over to again: it logs what it applies.
  return { ...emptyForm, master: preset.master, logReplicaUpdates: true };
}

/**
 * Replication setup: master → new replica. The user checks and plans (preflight + dry run, which
 * change nothing) before Run is offered for exactly those settings.
 */
export function SetupWizard() {
  const hosts = useHosts((s) => s.hosts);
  const mysqlHosts = useMemo(() => hosts.filter(isMysqlHost), [hosts]);
  const [form, setForm] = useState<SetupForm>(presetForm);
  const [generation, setGeneration] = useState(0);
  const [review, setReview] = useState<{
    key: string;
    /** master → replica the check was for (an offer it made stays while they do). */
    pair: string;
    report?: PreflightReport;
    error?: ErrorShape;
  } | null>(null);
  const [busy, setBusy] = useState<'check' | 'run' | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const set = (patch: Partial<SetupForm>) => setForm((f) => ({ ...f, ...patch }));

  const master = useServerFacts(form.master, generation);
  const replica = useServerFacts(form.replica, generation);
  const masterHost = mysqlHosts.find((h) => h.name === form.master);
  const replicaDbs = replica.facts?.userDatabases ?? [];
  const binlogOff = master.facts ? !master.facts.logBin : false;
  const clash = !check0(form) && serverIdClash(master.facts, replica.facts);
  const replicaHost = mysqlHosts.find((h) => h.name === form.replica);
  const check = checkForm(form, replicaDbs);
  const pair = `${form.master}→${form.replica}`;
  // Only the check can tell the replica cannot reach the master (bind-address): its offer.
  const bindCheck =
    review?.pair === pair
      ? review.report?.checks.find((c) => c.fix === 'fixBindAddress')
      : undefined;
  const params = setupParams(form, replicaDbs, binlogOff, clash, Boolean(bindCheck));
  const request = { workflow: 'mysql-replication-setup', params } as const;
  const key = JSON.stringify(params);
  const reviewed = review?.key === key ? review : null;
  const runnable = check.valid && Boolean(reviewed?.report?.ok) && busy === null;

  const checkAndPlan = async () => {
    setBusy('check');
    setError(null);
    try {
      const report = await client.call('mysql.preflight', params);
      setReview({ key, pair, report });
    } catch (err) {
      setReview({ key, pair, error: toErrorShape(err) });
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    setBusy('run');
    setError(null);
    try {
      const { runId } = await client.call('workflows.start', request);
      openRun({
        id: runId,
        title: 'Replication setup',
        subject: `${form.master} → ${form.replica}`,
      });
      setReview(null);
      setGeneration((g) => g + 1);
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="mysql-setup" data-testid="replication-wizard">
      <form
        className="mysql-setup-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (check.valid && busy === null) void checkAndPlan();
        }}
      >
        <h2>Set up replication: master → new replica</h2>
        <HostSelect
          id="rs-master"
          label="Master"
          hosts={mysqlHosts}
          value={form.master}
          hint={factsLine(master.facts, master.loading)}
          error={master.error?.message}
          onChange={(name) => set({ master: name, enableBinlog: false, fixBindAddress: false })}
        />
        {binlogOff && masterHost ? (
          <BinlogOffer
            master={masterHost}
            checked={form.enableBinlog}
            onChange={(enableBinlog) => set({ enableBinlog })}
          />
        ) : null}
        <HostSelect
          id="rs-replica"
          label="Replica"
          hosts={mysqlHosts}
          value={form.replica}
          hint={factsLine(replica.facts, replica.loading)}
          error={check.sameHost ? 'The replica must be another host' : replica.error?.message}
          onChange={(name) =>
            set({ replica: name, overwriteTyped: '', fixServerId: false, fixBindAddress: false })
          }
        />
        {clash && master.facts && replica.facts && replicaHost ? (
          <ServerIdOffer
            master={master.facts}
            replica={replica.facts}
            replicaHost={replicaHost}
            checked={form.fixServerId}
            onChange={(fixServerId) => set({ fixServerId })}
          />
        ) : null}
        {bindCheck && masterHost ? (
          <BindAddressOffer
            master={masterHost}
            check={bindCheck}
            checked={form.fixBindAddress}
            withBinlog={binlogOff && form.enableBinlog}
            onChange={(fixBindAddress) => set({ fixBindAddress })}
          />
        ) : null}
        {replicaDbs.length && !check.sameHost ? (
          <OverwriteConfirm
            replica={form.replica}
            databases={replicaDbs}
            seed={form.seed}
            typed={form.overwriteTyped}
            error={check.overwrite.error}
            confirmed={check.overwrite.confirmed}
            onType={(overwriteTyped) => set({ overwriteTyped })}
          />
        ) : null}
        <Field
          label="Seed"
          htmlFor="rs-seed-dump"
          hint={
            form.seed === 'dump'
              ? 'Consistent dump (mariadb-dump / mysqldump --single-transaction) streamed master → replica; coordinates from the dump'
              : 'Hot physical backup (mariabackup / xtrabackup) streamed, prepared and copied back; replaces the replica’s whole data dir'
          }
        >
          <div className="radio-row">
            <Choice
              id="rs-seed-dump"
              name="seed"
              checked={form.seed === 'dump'}
              onSelect={() => set({ seed: 'dump' })}
            >
              Dump
            </Choice>
            <Choice
              id="rs-seed-hot-backup"
              name="seed"
              checked={form.seed === 'hot-backup'}
              onSelect={() => set({ seed: 'hot-backup' })}
            >
              Hot backup
            </Choice>
          </div>
        </Field>
        <TextField
          id="rs-databases"
          label="Databases"
          value={form.databases}
          disabled={form.seed !== 'dump'}
          hint={
            form.seed === 'dump'
              ? 'The databases to copy, comma separated (empty: every user database of the master)'
              : 'A hot backup copies every database'
          }
          onChange={(databases) => set({ databases })}
        />
        <TextField
          id="rs-ignore"
          label="Ignore tables"
          value={form.ignore}
          error={
            check.badPattern
              ? `${check.badPattern}: use db.table patterns (% and _ wildcards)`
              : undefined
          }
          hint="replicate-wild-ignore-table patterns, comma or space separated, e.g. app.tmp%"
          onChange={(ignore) => set({ ignore })}
        />
        <Field
          label="Replica binlog"
          htmlFor="rs-log-replica-updates"
          hint="The replica’s binary log is turned on, so it can be promoted later."
        >
          <Check
            id="rs-log-replica-updates"
            checked={form.logReplicaUpdates}
            onChange={(logReplicaUpdates) => set({ logReplicaUpdates })}
          >
            Also record replicated changes in it (log_slave_updates; for chained replicas)
          </Check>
        </Field>
        {error ? <ErrorNote error={error} testId="rs-error" /> : null}
        <div className="mysql-setup-buttons">
          <button
            type="submit"
            className="btn"
            disabled={!check.valid || busy !== null}
            data-testid="rs-plan"
          >
            {busy === 'check' ? <Spinner /> : null} Check and plan (dry run)
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!runnable}
            data-testid="rs-run"
            onClick={() => void run()}
          >
            {busy === 'run' ? <Spinner /> : null} Run
          </button>
          <span className="faint">
            {reviewed?.report?.ok
              ? 'Checked and planned: Run does what the plan below shows.'
              : 'Nothing changes until Run; check and plan first.'}
          </span>
        </div>
      </form>
      {reviewed ? (
        <div className="mysql-setup-plan">
          {reviewed.error ? <ErrorNote error={reviewed.error} testId="rs-preflight-error" /> : null}
          {reviewed.report ? <PreflightList report={reviewed.report} /> : null}
          {reviewed.report?.ok ? <PlanTab key={key} request={request} /> : null}
        </div>
      ) : null}
    </div>
  );
}
