import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Host,
  type HostKeyReplaceResult,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Status';

/**
 * The audited host-key replacement: shows the key the server presents now and the one on record;
 * the user types (or pastes) the fingerprint they verified on the server's console, and only that
 * exact fingerprint replaces the key.
 */
export function ReplaceHostKeyDialog({ host, onClose }: { host: Host; onClose(): void }) {
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
  const replace = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('hosts.replaceHostKey', {
        id: host.id,
        confirmFingerprint: typed.trim(),
      });
      notify(
        `Host key of ${host.name} replaced (${r.keyType} ${r.fingerprint}); recorded in the audit.`,
      );
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Replace host key · ${host.name}`}
      onClose={onClose}
      testId="replace-host-key"
      tone="danger"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={!matches || busy}
            data-testid="replace-host-key-confirm"
            onClick={() => void replace()}
          >
            {busy ? <Spinner /> : null} Replace the key
          </button>
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      {!preview && !error ? (
        <p className="muted">
          <Spinner /> Reading the key {host.name} presents…
        </p>
      ) : null}
      {preview ? (
        <>
          <div className="kv">
            <span>Presented now</span>
            <span className="mono" data-testid="replace-host-key-presented">
              {preview.keyType} {preview.fingerprint}
            </span>
            <span>Recorded</span>
            <span className="mono" data-testid="replace-host-key-recorded">
              {preview.previousFingerprint
                ? `${preview.previousKeyType ?? ''} ${preview.previousFingerprint}`.trim()
                : '(none: neither Opsdeck nor ~/.ssh/known_hosts has a key for it)'}
            </span>
          </div>
          <p>
            A changed key can mean the server was reinstalled — or that someone is in between.
            Compare it with the server’s console:{' '}
            <code className="mono">
              ssh-keygen -lf /etc/ssh/ssh_host_{preview.keyType.replace(/^ssh-/, '')}_key.pub
            </code>
          </p>
          <Field
            label="Verified fingerprint"
            htmlFor="replace-host-key-typed"
            hint="Type or paste the fingerprint you verified; only that exact key is trusted."
            error={typed.trim() && !matches ? 'Not the fingerprint the server presents' : undefined}
          >
            <input
              id="replace-host-key-typed"
              className="input mono"
              data-autofocus
              data-testid="replace-host-key-typed"
              placeholder="SHA256:…"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </Field>
        </>
      ) : null}
    </Modal>
  );
}
