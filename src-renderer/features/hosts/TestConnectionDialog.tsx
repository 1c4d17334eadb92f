import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ConnectionTestResult,
  type ErrorShape,
  type Host,
} from '../../../src-main/contract';
import { client } from '../../api';
import { once } from '../../api/inflight';
import { Modal } from '../../ui/Modal';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner, StatusBadge } from '../../ui/Status';
import { ReplaceHostKey } from './ReplaceHostKey';

const TRUST: Record<NonNullable<ConnectionTestResult['trust']>, string> = {
  known: 'known (remembered earlier)',
  'accepted-once': 'accepted for this connection only',
  'accepted-remembered': 'accepted and remembered',
  rejected: 'rejected',
  changed: 'CHANGED since last time',
};

/** Opens an SSH connection (the core may ask about the host key) and shows what it found. */
export function TestConnectionDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [replacing, setReplacing] = useState(false);

  useEffect(() => {
    let live = true;
    once(`test:${host.id}:${attempt}`, () => client.call('hosts.testConnection', { id: host.id }))
      .then((r) => live && setResult(r))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [host.id, attempt]);

  const retry = () => {
    setReplacing(false);
    setResult(null);
    setError(null);
    setAttempt((a) => a + 1);
  };
  const failure = error ?? (result && !result.ok ? (result.error as ErrorShape | undefined) : null);
  const changedKey = failure?.code === 'HOST_KEY_CHANGED';
  return (
    <Modal
      title={`Test connection · ${host.name}`}
      onClose={onClose}
      testId="test-connection"
      footer={
        <>
          {changedKey && !replacing ? (
            <button
              type="button"
              className="btn danger"
              onClick={() => setReplacing(true)}
              data-testid="replace-host-key-open"
            >
              Replace host key…
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={retry} disabled={!result && !error}>
            Test again
          </button>
          <button type="button" className="btn primary" onClick={onClose} data-autofocus>
            Close
          </button>
        </>
      }
    >
      <div className="kv">
        <span>Target</span>
        <span className="mono">
          {host.user}@{host.address}:{host.port}
        </span>
      </div>
      {!result && !error ? (
        <p className="busy-line" data-testid="test-connection-busy">
          <Spinner /> Connecting… (the host key may need your decision)
        </p>
      ) : failure ? (
        <div data-testid="test-connection-result" data-ok="false">
          <StatusBadge tone="crit">Failed</StatusBadge>
          <ErrorNote error={failure} />
          {replacing ? <ReplaceHostKey host={host} onReplaced={retry} /> : null}
        </div>
      ) : result ? (
        <div className="kv" data-testid="test-connection-result" data-ok="true">
          <span>Result</span>
          <span>
            <StatusBadge tone="ok">Connected</StatusBadge>{' '}
            <span className="mono">{result.latencyMs} ms</span>
          </span>
          <span>Key type</span>
          <span className="mono">{result.keyType ?? '—'}</span>
          <span>Fingerprint</span>
          <span className="mono selectable" data-testid="test-connection-fingerprint">
            {result.fingerprint ?? '—'}
          </span>
          {result.trust ? (
            <>
              <span>Host key</span>
              <span>{TRUST[result.trust]}</span>
            </>
          ) : null}
          {result.banner ? (
            <>
              <span>Server</span>
              <span className="mono">{result.banner}</span>
            </>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
