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
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Status';
import { TypedConfirm, typedMatches } from '../../ui/TypedConfirm';

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
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
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
  const ready = typedMatches([pending.name], typed) && !busy && (!skip || report !== null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.call('mysql.action', {
        host: pending.host,
        action: pending.action,
        confirm: typed.trim(),
        ...(pending.action === 'set-read-only' ? { readOnly: pending.readOnly ?? true } : {}),
        ...(skip && report?.error ? { expectErrno: report.error.errno } : {}),
      });
      notify(`${title} on ${pending.name}`, 'Done');
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`${title} on ${pending.name}`}
      onClose={onClose}
      testId="mysql-action-dialog"
      tone={skip || pending.action === 'stop-replication' ? 'danger' : undefined}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${skip ? 'danger' : 'primary'}`}
            disabled={!ready}
            data-testid="mysql-action-submit"
            onClick={() => void run()}
          >
            {busy ? <Spinner /> : null} {title}
          </button>
        </>
      }
    >
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
      <TypedConfirm
        id="mysql-action-typed"
        prompt={
          <>
            Type <b className="mono">{pending.name}</b> to confirm
          </>
        }
        accepted={[pending.name]}
        value={typed}
        onChange={setTyped}
        onConfirm={() => ready && void run()}
        testId="mysql-action-confirm"
      />
      {error ? <ErrorNote error={error} /> : null}
    </Modal>
  );
}
