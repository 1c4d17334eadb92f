import { useState } from 'react';
import { formatDateTime } from '../../ui/format';
import { answerPrompt } from './prompts-store';

/** What a gate shows, from a prompt request or a run's `waiting`. */
export interface GateView {
  promptId: string;
  title: string;
  message: string;
  confirmLabel: string;
  typed?: string | undefined;
  expiresAt: string;
}

/**
 * A run waits for a person: what is at stake, the name to type when the gate asks for one, and
 * the two answers. Used in the prompt dialog and inline in the run view (any door may answer;
 * the first answer wins).
 */
export function GateForm({ gate, onAnswered }: { gate: GateView; onAnswered?: () => void }) {
  const [typed, setTyped] = useState('');
  const ready = !gate.typed || typed === gate.typed;
  const answer = (approve: boolean) => {
    void answerPrompt({
      kind: 'confirm',
      id: gate.promptId,
      approve,
      ...(gate.typed ? { typed } : {}),
    });
    onAnswered?.();
  };
  return (
    <form
      className="gate-form"
      data-testid="gate-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) answer(true);
      }}
    >
      <p className="gate-message">{gate.message}</p>
      {gate.typed ? (
        <label className="gate-typed">
          Type <strong className="mono">{gate.typed}</strong> to go on
          <input
            className="input mono"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            data-testid="gate-typed"
          />
        </label>
      ) : null}
      <div className="gate-buttons">
        <span className="faint">No answer by {formatDateTime(gate.expiresAt)} counts as no.</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          onClick={() => answer(false)}
          data-testid="gate-decline"
        >
          Stop the run
        </button>
        <button
          type="submit"
          className="btn primary"
          disabled={!ready}
          data-autofocus={gate.typed ? undefined : true}
          data-testid="gate-approve"
        >
          {gate.confirmLabel}
        </button>
      </div>
    </form>
  );
}
