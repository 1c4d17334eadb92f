import { randomUUID } from 'node:crypto';
import { OpsdeckError } from '../../contract/errors';
import type { PromptAnswer, PromptRequest } from '../../contract/prompts';
import { callScope } from '../call-scope';
import type { EventBus } from '../event-bus';

type Question = PromptRequest extends infer R
  ? R extends PromptRequest
    ? Omit<R, 'id' | 'expiresAt' | 'origin'>
    : never
  : never;
/** An answer, and the door it came from (for the audit of a gate). */
type AnswerOf<K extends PromptRequest['kind']> = Extract<PromptAnswer, { kind: K }> & {
  door?: string;
};

export interface AskOptions {
  /** How long to wait for an answer (default: the service's, 2 min). */
  timeoutMs?: number;
  /** Called with the request as it goes out (its id answers it). */
  onRequest?(request: PromptRequest): void;
}

interface Pending {
  request: PromptRequest;
  resolve(answer: PromptAnswer & { door?: string }): void;
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
    options: AskOptions = {},
  ): Promise<AnswerOf<K>> {
    const id = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const origin = callScope.current();
    const request = {
      ...question,
      ...(origin ? { origin } : {}),
      id,
      expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
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
        }, timeoutMs),
      };
      entry.timer.unref?.();
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, entry);
      options.onRequest?.(request);
      this.bus.emit('prompt.request', request);
    });
  }

  /** First answer wins; `door` says where it came from. False when nothing waits for it. */
  answer(answer: PromptAnswer, door?: string): boolean {
    const entry = this.pending.get(answer.id);
    if (!entry || entry.request.kind !== answer.kind) return false;
    entry.resolve(door ? { ...answer, door } : answer);
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
