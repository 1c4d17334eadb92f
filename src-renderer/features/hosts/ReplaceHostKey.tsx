import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Host,
  type HostKeyReplaceResult,
} from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';

/**
 * The changed-key flow: shows the key the server presents now beside the one recorded (of any
 * type), and replaces it only when the user pastes the fingerprint they verified out of band.
 */
export function ReplaceHostKey({ host, onReplaced }: { host: Host; onReplaced(): void }) {
  const [preview, setPreview] = useState<HostKeyReplaceResult | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client
      .call('hosts.replaceHostKey', { id: host.id })
      .then((r) => live && setPreview(r))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [host.id]);

  const matches = preview !== null && typed.trim() === preview.fingerprint;
  const replace = () => {
    if (!preview || !matches) return;
    setBusy(true);
    client
      .call('hosts.replaceHostKey', { id: host.id, confirmFingerprint: typed.trim() })
      .then(onReplaced)
      .catch((err: unknown) => setError(toErrorShape(err)))
      .finally(() => setBusy(false));
  };

  if (error) return <ErrorNote error={error} testId="replace-host-key-error" />;
  if (!preview)
    return (
      <p className="busy-line">
        <Spinner /> Reading the key {host.name} presents now (nothing is sent to it)…
      </p>
    );
  return (
    <form
      className="replace-host-key"
      data-testid="replace-host-key"
      onSubmit={(e) => {
        e.preventDefault();
        replace();
      }}
    >
      <div className="kv">
        <span>Recorded</span>
        <span className="mono fingerprint old" data-testid="replace-previous-fingerprint">
          {preview.previousFingerprint
            ? `${preview.previousKeyType ?? ''} ${preview.previousFingerprint}`.trim()
            : '—'}
        </span>
        <span>Presented now</span>
        <span className="mono fingerprint" data-testid="replace-fingerprint">
          {preview.keyType} {preview.fingerprint}
        </span>
      </div>
      <label htmlFor="replace-confirm">
        Paste the fingerprint you read on the server console (
        <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</span>):
      </label>
      <div className="replace-host-key-row">
        <input
          id="replace-confirm"
          className="input mono"
          value={typed}
          autoComplete="off"
          spellCheck={false}
          placeholder="SHA256:…"
          onChange={(e) => setTyped(e.target.value)}
          data-testid="replace-confirm"
        />
        <button
          type="submit"
          className="btn danger"
          disabled={!matches || busy}
          data-testid="replace-submit"
        >
          Replace host key
        </button>
      </div>
      {typed.trim() && !matches ? (
        <div className="field-error" role="alert">
          Does not match the key {host.name} presents: do not replace it.
        </div>
      ) : null}
    </form>
  );
}
