import type { Host } from '../../../src-main/contract';
import { notify } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Status';
import { useHostKeyReplacement } from './use-host-key-replacement';

/**
 * The audited host-key replacement: shows the key the server presents now and the one on record;
 * the user types (or pastes) the fingerprint they verified on the server's console, and only that
 * exact fingerprint replaces the key.
 */
export function ReplaceHostKeyDialog({ host, onClose }: { host: Host; onClose(): void }) {
  const { preview, error, typed, setTyped, matches, busy, replace } = useHostKeyReplacement(host);
  const confirm = async () => {
    const r = await replace();
    if (!r) return;
    notify(
      `Host key of ${host.name} replaced (${r.keyType} ${r.fingerprint}); recorded in the audit.`,
    );
    onClose();
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
            onClick={() => void confirm()}
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
