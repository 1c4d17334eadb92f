import { useState, type FormEvent } from 'react';
import type { PromptRequest } from '../../../src-main/contract';
import { Modal } from '../../ui/Modal';
import { answerPrompt } from './prompts-store';

type SecretRequest = Extract<PromptRequest, { kind: 'secret' }>;

/** The core needs a secret (key passphrase, sudo password, MFA code). Esc cancels. */
export function SecretPrompt({ prompt, more }: { prompt: SecretRequest; more: number }) {
  const [value, setValue] = useState('');
  const [again, setAgain] = useState('');
  const [remember, setRemember] = useState(false);
  // A new vault's passphrase is typed twice; the vault's own passphrase is never "remembered".
  const create = prompt.purpose === 'vault-create';
  const vault = prompt.purpose !== undefined;
  const mismatch = create && again !== '' && again !== value;
  const cancel = () =>
    void answerPrompt({ kind: 'secret', id: prompt.id, value: null, remember: false });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create && value !== again) return;
    void answerPrompt({ kind: 'secret', id: prompt.id, value, remember: vault ? false : remember });
  };
  return (
    <Modal
      title={prompt.title}
      onClose={cancel}
      testId="prompt-secret"
      size="sm"
      priority
      footer={
        <>
          {more > 0 ? <span className="muted">{more} more waiting</span> : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={cancel}>
            Cancel
          </button>
          <button
            type="submit"
            form="secret-form"
            className="btn primary"
            data-testid="prompt-secret-submit"
            disabled={create && (value === '' || value !== again)}
          >
            Continue
          </button>
        </>
      }
    >
      <form id="secret-form" className="form" onSubmit={submit}>
        <label htmlFor="secret-value">{prompt.label}</label>
        <input
          id="secret-value"
          className="input"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-autofocus
          data-testid="prompt-secret-value"
        />
        {create ? (
          <>
            <label htmlFor="secret-again">Type it again</label>
            <input
              id="secret-again"
              className="input"
              type="password"
              autoComplete="off"
              value={again}
              aria-invalid={mismatch || undefined}
              onChange={(e) => setAgain(e.target.value)}
              data-testid="prompt-secret-again"
            />
            {mismatch ? <div className="field-error">The two entries differ</div> : null}
          </>
        ) : null}
        {vault ? null : (
          <label className="check">
            <input
              type="checkbox"
              checked={remember}
              onChange={(e) => setRemember(e.target.checked)}
            />{' '}
            Remember in the vault
          </label>
        )}
      </form>
    </Modal>
  );
}
