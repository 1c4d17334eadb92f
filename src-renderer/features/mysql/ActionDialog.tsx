import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type MysqlActionName,
  type ReplicaErrorReport,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { TypedConfirmDialog } from '../../ui/TypedConfirmDialog';
import { Spinner } from '../../ui/Status';

export interface PendingAction {
  host: string;
  name: string;
  action: MysqlActionName;
  readOnly?: boolean;
}

const TITLES: Record<MysqlActionName, string> = {
  'start-replication': 'Start replication',
  'stop-replication': 'Stop replication',
  'skip-event': 'Skip one event',
  'set-read-only': 'Set read_only',
};

/** Confirm a replication action by typing the host name (the core requires it). */
export function ActionDialog({ pending, onClose }: { pending: PendingAction; onClose(): void }) {
  const [error, setError] = useState<ErrorShape | null>(null);
  const [report, setReport] = useState<ReplicaErrorReport | null>(null);
  const skip = pending.action === 'skip-event';

  useEffect(() => {
    if (!skip) return;
    let live = true;
    client
      .call('mysql.replicaError', { host: pending.host })
      .then((r) => live && setReport(r))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [skip, pending.host]);

  const title =
    pending.action === 'set-read-only'
      ? `Set read_only = ${pending.readOnly ? 'ON' : 'OFF'}`
      : TITLES[pending.action];
  const run = async (confirm: string) => {
    await client.call('mysql.action', {
      host: pending.host,
      action: pending.action,
      confirm,
      ...(pending.action === 'set-read-only' ? { readOnly: pending.readOnly ?? true } : {}),
      ...(skip && report?.error ? { expectErrno: report.error.errno } : {}),
    });
    notify(`${title} on ${pending.name}`, 'Done');
    onClose();
  };

  return (
    <TypedConfirmDialog
      title={`${title} on ${pending.name}`}
      consequence={<p>{consequence(pending)}</p>}
      typed={{
        prompt: (
          <>
            Type <b className="mono">{pending.name}</b> to confirm.
          </>
        ),
        accepted: [pending.name],
      }}
      verb={title}
      canConfirm={!skip || report !== null}
      tone={skip || pending.action === 'stop-replication' ? 'danger' : 'primary'}
      onConfirm={run}
      onClose={onClose}
      testId="mysql-action-dialog"
      submitTestId="mysql-action-submit"
      inputTestId="mysql-action-confirm"
    >
      {error ? <ErrorNote error={error} /> : null}
      {skip ? (
        report ? (
          <div className="topo-skip-report" data-testid="skip-report">
            {report.error ? (
              <div className="topo-error">
                Error {report.error.errno}: {report.error.message}
              </div>
            ) : (
              <div className="muted">The SQL thread is not stopped on an error.</div>
            )}
            {report.events.length ? (
              <table className="grid-table">
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Position</th>
                    <th>Info</th>
                  </tr>
                </thead>
                <tbody>
                  {report.events.map((e, i) => (
                    <tr key={i} className={i === 0 ? 'write' : undefined}>
                      <td>{e.eventType}</td>
                      <td className="mono">
                        {e.logName}:{e.pos}
                      </td>
                      <td className="mono cmd">{e.info}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <p className="faint">The first event is the one that would be skipped.</p>
          </div>
        ) : error ? null : (
          <Spinner label="Reading the replica error" />
        )
      ) : null}
    </TypedConfirmDialog>
  );
}

/** What the action does, in one sentence, before anything is typed. */
function consequence(p: PendingAction): string {
  switch (p.action) {
    case 'start-replication':
      return `Starts replication on ${p.name}: it connects to its master and applies what it missed.`;
    case 'stop-replication':
      return `Stops replication on ${p.name}: it stops applying its master's changes and falls behind until started again.`;
    case 'skip-event':
      return `Skips the failing event below on ${p.name} and restarts its SQL thread. That change is never applied on ${p.name}, so its data may differ from the master's.`;
    case 'set-read-only':
      return p.readOnly
        ? `Sets read_only = ON on ${p.name}: ordinary users can no longer write to it.`
        : `Sets read_only = OFF on ${p.name}: it accepts writes. A replica written to drifts from its master.`;
  }
}
