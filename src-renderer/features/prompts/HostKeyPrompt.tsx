import type { PromptRequest } from '../../../src-main/contract';
import { Modal } from '../../ui/Modal';
import { answerPrompt } from './prompts-store';

type HostKeyRequest = Extract<PromptRequest, { kind: 'host-key' }>;

/** Unknown or changed SSH host key: the user decides. Esc rejects. */
export function HostKeyPrompt({ prompt, more }: { prompt: HostKeyRequest; more: number }) {
  const changed = Boolean(prompt.previousFingerprint);
  const decide = (decision: 'accept-once' | 'accept-remember' | 'reject') =>
    void answerPrompt({ kind: 'host-key', id: prompt.id, decision });
  return (
    <Modal
      title={changed ? `Host key changed · ${prompt.host}` : `Unknown host key · ${prompt.host}`}
      onClose={() => decide('reject')}
      role="alertdialog"
      testId="prompt-hostkey"
      tone={changed ? 'danger' : undefined}
      size="lg"
      priority
      footer={
        <>
          {more > 0 ? <span className="muted">{more} more waiting</span> : null}
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            onClick={() => decide('reject')}
            data-testid="prompt-reject"
            data-autofocus={changed ? true : undefined}
          >
            Reject
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => decide('accept-once')}
            data-testid="prompt-accept-once"
          >
            Accept once
          </button>
          <button
            type="button"
            className={`btn ${changed ? 'danger' : 'primary'}`}
            onClick={() => decide('accept-remember')}
            data-testid="prompt-accept-remember"
            data-autofocus={changed ? undefined : true}
          >
            Accept and remember
          </button>
        </>
      }
    >
      {changed ? (
        <div className="mitm-warning" role="alert">
          <strong>HOST KEY CHANGED — possible man-in-the-middle</strong>
          <p>
            The key this server presents is not the one remembered for it. This happens when the
            server was reinstalled — or when someone is intercepting the connection. Reject unless
            you know why it changed.
          </p>
        </div>
      ) : (
        <p>
          Opsdeck has not seen this server before. Compare the fingerprint with the one the
          server&apos;s owner gives you.
        </p>
      )}
      <div className="kv">
        <span>Host</span>
        <span className="strong">{prompt.host}</span>
        <span>Address</span>
        <span className="mono">
          {prompt.address}:{prompt.port}
        </span>
        <span>Key type</span>
        <span className="mono">{prompt.keyType}</span>
        {changed ? (
          <>
            <span>Remembered</span>
            <span className="mono fingerprint old" data-testid="prompt-previous-fingerprint">
              {prompt.previousFingerprint}
            </span>
          </>
        ) : null}
        <span>{changed ? 'Presented now' : 'Fingerprint'}</span>
        <span className="mono fingerprint" data-testid="prompt-fingerprint">
          {prompt.fingerprint}
        </span>
      </div>
    </Modal>
  );
}
