import { randomUUID } from 'node:crypto';
import { OpsdeckError, type PromptAnswer, type PromptRequest } from '../../contract';
import { callScope } from '../call-scope';
import type { EventBus } from '../event-bus';

type Question = PromptRequest extends infer R
  ? R extends PromptRequest
    ? Omit<R, 'id' | 'expiresAt' | 'origin'>
    : never
  : never;
type AnswerOf<K extends PromptRequest['kind']> = Extract<PromptAnswer, { kind: K }>;

interface Pending {
  request: PromptRequest;
  resolve(answer: PromptAnswer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Questions for the user travel as `prompt.request` events; whichever door answers first wins.
 * Nothing in the core ever opens a dialog (DESIGN: prompts are events).
 */
export class PromptService {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly bus: EventBus,
    private readonly timeoutMs = 120_000,
  ) {}

  ask<K extends PromptRequest['kind']>(
    question: Extract<Question, { kind: K }>,
    signal?: AbortSignal,
  ): Promise<AnswerOf<K>> {
    const id = randomUUID();
    const origin = callScope.current();
    const request = {
      ...question,
      ...(origin ? { origin } : {}),
      id,
      expiresAt: new Date(Date.now() + this.timeoutMs).toISOString(),
    } as PromptRequest;
    return new Promise<AnswerOf<K>>((resolve, reject) => {
      const finish = () => {
        clearTimeout(entry.timer);
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        this.bus.emit('prompt.closed', { id });
      };
      const onAbort = () => {
        finish();
        reject(
          new OpsdeckError(
            'CANCELLED',
            'The operation was cancelled while waiting for an answer.',
            'Start it again when ready.',
          ),
        );
      };
      const entry: Pending = {
        request,
        resolve: (answer) => {
          finish();
          resolve(answer as AnswerOf<K>);
        },
        reject: (err) => {
          finish();
          reject(err);
        },
        timer: setTimeout(() => {
          entry.reject(
            new OpsdeckError(
              'PROMPT_EXPIRED',
              'Nobody answered the question in time.',
              'Retry and answer the dialog (or pass the answer as a CLI flag).',
            ),
          );
        }, this.timeoutMs),
      };
      entry.timer.unref?.();
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, entry);
      this.bus.emit('prompt.request', request);
    });
  }

  answer(answer: PromptAnswer): boolean {
    const entry = this.pending.get(answer.id);
    if (!entry || entry.request.kind !== answer.kind) return false;
    entry.resolve(answer);
    return true;
  }

  list(): PromptRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  /** Reject everything still waiting (on shutdown). */
  closeAll(): void {
    for (const entry of [...this.pending.values()]) {
      entry.reject(
        new OpsdeckError('CANCELLED', 'Opsdeck is shutting down.', 'Restart and retry.'),
      );
    }
  }
}
