import { useEffect, useId, useRef, useState } from 'react';
import { OpsdeckError, type BackupEntry, type PreflightReport } from '../../../src-main/contract';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { useAction } from '../../ui/use-action';
import { useHosts } from '../hosts/hosts-store';
import { coordinatesText } from './backup-view';
import { reportIfStillShown, shownReplica } from './replica-choice';
import {
  planReplica,
  preflightRefusal,
  preflightReplica,
  replicaParams,
  startReplica,
  typedList,
} from './replica-from-backup';

const LEVEL_CLASS = {
  ok: 'tone-text-ok',
  info: 'muted',
  warning: 'tone-text-warn',
  error: 'tone-text-crit',
} as const;

/**
 * "New replica from this backup": pick the new replica (and type the databases it may lose),
 * check (the replication preflight, with the binary logs since the backup), read the plan, start.
 * The replication setup does the rest; the run shows in the Backups area's action bar.
 */
export function NewReplicaDialog({ entry, onClose }: { entry: BackupEntry; onClose(): void }) {
  const ids = { replica: useId(), overwrite: useId() };
  const hosts = useHosts((s) => s.hosts).filter((h) => h.mysql && h.id !== entry.hostId);
  const [picked, setReplica] = useState('');
  const replica = shownReplica(hosts, picked);
  const shown = useRef(replica);
  useEffect(() => {
    shown.current = replica;
  }, [replica]);
  const [overwrite, setOverwrite] = useState('');
  const [report, setReport] = useState<PreflightReport | null>(null);
  const params = replicaParams(entry, replica, typedList(overwrite));
  /** The preflight of the replica shown now; null if another was picked while it ran. */
  const preflight = () =>
    reportIfStillShown(
      replica,
      () => preflightReplica(params),
      () => shown.current,
    );
  const check = useAction(async () => {
    setReport(null);
    setReport(await preflight());
  });
  const plan = useAction(async () => {
    await planReplica(params);
    onClose();
  });
  return (
    <FormDialog
      title={`New replica of ${entry.hostName} from backup ${entry.id}`}
      onClose={onClose}
      onSubmit={async () => {
        const r = await preflight();
        if (!r)
          throw new OpsdeckError(
            'CONFLICT',
            `Another replica was picked while ${params.replica} was being checked; nothing was started.`,
            `Start again to check and set up ${shown.current}.`,
          );
        setReport(r);
        if (!r.ok) throw preflightRefusal(r);
        await startReplica(entry, params);
        onClose();
      }}
      submitLabel="Start replica setup"
      busyLabel="Checking…"
      canSubmit={Boolean(replica)}
      error={check.error ?? plan.error}
      size="lg"
      testId="new-replica-dialog"
      submitTestId="new-replica-start"
      footerStart={
        <>
          <Button
            onClick={() => void check.run()}
            busy={check.busy}
            disabled={!replica}
            testId="new-replica-check"
          >
            Check
          </Button>
          <Button
            onClick={() => void plan.run()}
            busy={plan.busy}
            disabled={!replica}
            testId="new-replica-plan"
          >
            Plan
          </Button>
        </>
      }
    >
      <p className="muted">
        {entry.kind} backup of {entry.hostName}, {coordinatesText(entry)}. The replica is loaded
        from the backup, then replays what {entry.hostName} wrote since — so {entry.hostName} must
        still have those binary logs.
      </p>
      <Field label="New replica" htmlFor={ids.replica}>
        <select
          id={ids.replica}
          className="input"
          data-testid="new-replica-host"
          value={replica}
          onChange={(e) => {
            setReplica(e.target.value);
            setReport(null);
          }}
        >
          {hosts.map((h) => (
            <option key={h.id} value={h.name}>
              {h.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Databases it may lose"
        htmlFor={ids.overwrite}
        hint={`Type each of ${replica || 'the replica'}’s databases the seed replaces (Check lists them).`}
      >
        <input
          id={ids.overwrite}
          className="input mono"
          data-testid="new-replica-overwrite"
          placeholder="none"
          value={overwrite}
          onChange={(e) => setOverwrite(e.target.value)}
        />
      </Field>
      {report ? (
        <ul className="preflight-checks" data-testid="new-replica-checks" aria-label="Preflight">
          {report.checks.map((c) => (
            <li key={c.id} data-level={c.level}>
              <span className={LEVEL_CLASS[c.level]}>{c.level.toUpperCase()}</span> {c.title}:{' '}
              {c.message}
              {c.hint && c.level === 'error' ? <div className="faint">{c.hint}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </FormDialog>
  );
}
