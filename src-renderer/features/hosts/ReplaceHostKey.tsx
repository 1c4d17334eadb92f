import type { Host } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { useHostKeyReplacement } from './use-host-key-replacement';

/**
 * The changed-key flow: shows the key the server presents now beside the one recorded (of any
 * type), and replaces it only when the user pastes the fingerprint they verified out of band.
 */
export function ReplaceHostKey({ host, onReplaced }: { host: Host; onReplaced(): void }) {
  const { preview, error, typed, setTyped, matches, busy, replace } = useHostKeyReplacement(host);
  const submit = () => void replace().then((r) => r && onReplaced());

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
        submit();
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
