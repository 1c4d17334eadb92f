import { describeHolder, type RunWaiting as Waiting } from '../../../src-main/contract';
import { GateForm } from '../prompts/GateForm';
import { openRun } from './runs-store';

/** What the run waits for, and how to move it on: a gate to answer, or the run holding a lock. */
export function RunWaiting({ waiting }: { waiting: Waiting }) {
  if (waiting.kind === 'gate')
    return (
      <section className="run-waiting" data-testid="run-gate" aria-live="polite">
        <h3>Waiting for you: {waiting.title}</h3>
        <GateForm key={waiting.promptId} gate={waiting} />
      </section>
    );
  return (
    <section className="run-waiting" data-testid="run-lock-wait" aria-live="polite">
      <h3>Waiting for a lock</h3>
      {waiting.heldBy.map((h) => (
        <div key={`${h.kind}:${h.key}`}>
          {describeHolder(h)} since {new Date(h.since).toLocaleTimeString()}.{' '}
          <button
            type="button"
            className="btn small"
            onClick={() => openRun({ id: h.runId, title: h.title, subject: h.subject })}
          >
            Open that run
          </button>
        </div>
      ))}
      <div className="muted">
        It starts by itself when that run ends; Cancel takes it off the queue.
      </div>
    </section>
  );
}
