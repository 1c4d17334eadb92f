import {
  OpsdeckError,
  formatDuration,
  isErrorShape,
  type RunStatus,
  type RunWaiting,
} from '../../../contract';
import type { PromptService } from '../../prompts/prompt-service';
import type { GateSpec } from './context';
import type { RunJournal } from './run-journal';
import type { Where } from './scope';
import type { AttemptTimer } from './step-policy';

const DEFAULT_GATE_MS = 30 * 60_000;
/** A pause the caller asked for may wait long: nothing is half-done at a step boundary. */
const PAUSE_MS = 24 * 3600_000;

/** The gate of a pause before a step (options.pauseBefore). */
export const pauseGate = (stepTitle: string): GateSpec => ({
  title: `Paused before “${stepTitle}”`,
  message: 'You asked to stop here. Go on to run this step, or stop the run (it can be resumed).',
  confirmLabel: 'Run this step',
  timeoutMs: PAUSE_MS,
});

type GateWaiting = Extract<RunWaiting, { kind: 'gate' }>;

/**
 * Gates of one run: each is a `confirm` prompt any door can answer. While one is open the run
 * (and the step or child) is `waiting`, and the step's clock stops; a yes goes on, a no or no
 * answer in time fails the step with WORKFLOW_DECLINED. Answers are logged with their door.
 */
export class Gates {
  private readonly open = new Map<string, GateWaiting>();
  /** The run's status when no gate is open: running, or compensating during a rollback. */
  base: RunStatus = 'running';

  constructor(
    private readonly o: {
      journal: RunJournal;
      prompts: PromptService;
      /** "Set up MySQL replication · db1 → db2", for a prompt seen outside the run. */
      runLabel: string;
      approveInAdvance: boolean;
      /** Put the step or child in `waiting` / back to `running`. */
      mark(where: Where, waiting: boolean): void;
    },
  ) {}

  /** `asked`: a pause the caller asked for (pauseBefore): never approved in advance. */
  async wait(
    where: Where,
    gate: GateSpec,
    signal: AbortSignal,
    timer?: AttemptTimer,
    asked = false,
  ): Promise<void> {
    const { journal } = this.o;
    if (this.o.approveInAdvance && !asked) {
      journal.log(`Gate “${gate.title}”: approved in advance by the caller.`, 'warn', where);
      return;
    }
    const timeoutMs = gate.timeoutMs ?? DEFAULT_GATE_MS;
    const confirmLabel = gate.confirmLabel ?? 'Go on';
    timer?.pause();
    this.o.mark(where, true);
    journal.log(`Waiting for a person: ${gate.title}`, 'warn', where);
    let promptId = '';
    try {
      const answer = await this.o.prompts.ask(
        {
          kind: 'confirm',
          runId: journal.runId,
          stepId: where.stepId,
          ...(where.childKey ? { childKey: where.childKey } : {}),
          run: this.o.runLabel,
          title: gate.title,
          message: gate.message,
          confirmLabel,
          ...(gate.typed ? { typed: gate.typed } : {}),
        },
        signal,
        {
          timeoutMs,
          onRequest: (request) => {
            promptId = request.id;
            this.open.set(request.id, {
              kind: 'gate',
              stepId: where.stepId,
              ...(where.childKey ? { childKey: where.childKey } : {}),
              promptId: request.id,
              title: gate.title,
              message: gate.message,
              confirmLabel,
              ...(gate.typed ? { typed: gate.typed } : {}),
              expiresAt: request.expiresAt,
            });
            this.show();
          },
        },
      );
      const from = answer.door ? ` from ${answer.door}` : '';
      if (answer.approve && (!gate.typed || answer.typed === gate.typed)) {
        journal.log(`Gate “${gate.title}”: approved${from}.`, 'info', where);
        return;
      }
      const why = answer.approve ? ' (the typed text did not match)' : '';
      journal.log(`Gate “${gate.title}”: declined${from}${why}.`, 'warn', where);
      throw new OpsdeckError(
        'WORKFLOW_DECLINED',
        `“${gate.title}” was declined${from}${why}.`,
        'Nothing was done past the gate. Resume the run to be asked again, or roll it back.',
      );
    } catch (err) {
      if (isErrorShape(err) && err.code === 'PROMPT_EXPIRED')
        throw new OpsdeckError(
          'WORKFLOW_DECLINED',
          `Nobody answered “${gate.title}” within ${formatDuration(timeoutMs)}.`,
          'Nothing was done past the gate. Resume the run to be asked again.',
        );
      throw err;
    } finally {
      this.open.delete(promptId);
      this.show();
      if (!signal.aborted) this.o.mark(where, false);
      timer?.resume();
    }
  }

  /** The run shows the oldest open gate; with none, it is back to its base status. */
  private show(): void {
    const [first] = this.open.values();
    this.o.journal.waiting(first);
    this.o.journal.status(first ? 'waiting' : this.base);
  }
}
