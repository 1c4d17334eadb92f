import type { PromptRequest } from '../../../src-main/contract';
import { nav } from '../../app/nav-store';
import { Modal } from '../../ui/Modal';
import { GateForm } from './GateForm';
import { deferPrompt } from './prompts-store';

type ConfirmRequest = Extract<PromptRequest, { kind: 'confirm' }>;

/** A run is waiting at a gate. "Later" opens the run, where the gate waits too. */
export function GatePrompt({ prompt, more }: { prompt: ConfirmRequest; more: number }) {
  const later = () => {
    deferPrompt(prompt.id);
    nav().open({ kind: 'run', runId: prompt.runId, title: prompt.run });
  };
  return (
    <Modal
      title={prompt.title}
      onClose={later}
      role="alertdialog"
      testId="prompt-gate"
      size="md"
      priority
      footer={
        <>
          {more > 0 ? <span className="muted">{more} more waiting</span> : null}
          <span className="spacer" />
          <button type="button" className="btn ghost" onClick={later} data-testid="gate-later">
            Later — open the run
          </button>
        </>
      }
    >
      <p className="muted">{prompt.run} is waiting for you.</p>
      <GateForm gate={{ ...prompt, promptId: prompt.id }} />
    </Modal>
  );
}
