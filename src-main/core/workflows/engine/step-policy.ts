import {
  OpsdeckError,
  formatDuration,
  toErrorShape,
  type ErrorCode,
  type ErrorShape,
} from '../../../contract';
import { cancelledError } from '../../common/cancel';
import { sleep } from '../../common/wait';
import type { RetryPolicy } from './definition';

/** Errors worth another attempt when a step does not say: the network, a busy server, time. */
export const TRANSIENT_ERRORS: readonly ErrorCode[] = [
  'SSH_UNREACHABLE',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_CHANNEL_FAILED',
  'MYSQL_UNREACHABLE',
  'MYSQL_TOO_MANY_CONNECTIONS',
  'AWS_THROTTLED',
  'AWS_ENDPOINT_UNREACHABLE',
  'TIMEOUT',
];

/** The pause after attempt `attempt` failed: backoff, doubling, capped. */
export function backoffAfter(policy: RetryPolicy, attempt: number): number {
  const base = policy.backoffMs ?? 1000;
  return Math.min(policy.maxBackoffMs ?? 60_000, base * 2 ** (attempt - 1));
}

export function isRetryable(policy: RetryPolicy | undefined, error: ErrorShape): boolean {
  if (!policy || policy.attempts <= 1) return false;
  return (policy.retryOn ?? TRANSIENT_ERRORS).includes(error.code);
}

/**
 * The time budget of one attempt: aborts its signal when spent. Paused while the step waits at
 * a gate (a person's time is not the step's).
 */
export class AttemptTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private left: number;
  private expiredReject: ((err: Error) => void) | undefined;
  /** Rejects when the budget is spent (so an attempt ends even if its work ignores the signal). */
  readonly expired: Promise<never>;
  timedOut = false;

  constructor(
    private readonly limitMs: number | undefined,
    private readonly onExpire: () => Error,
  ) {
    this.left = limitMs ?? Infinity;
    this.expired = new Promise<never>((_, reject) => (this.expiredReject = reject));
    this.expired.catch(() => undefined);
    this.resume();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  pause(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.limitMs === undefined || this.timer !== undefined || this.timedOut) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.left));
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire() {
    this.timer = undefined;
    this.timedOut = true;
    const err = this.onExpire();
    this.controller.abort(err);
    this.expiredReject?.(err);
  }
}

export interface Attempt {
  /** 1-based. */
  n: number;
  /** Aborts on cancel of the run and when this attempt's time is up. */
  signal: AbortSignal;
  timer: AttemptTimer;
}

/**
 * One step under its policy: each attempt within its time limit, failures that are worth it tried
 * again after a growing pause (`onRetry` says so in the log), a cancel of the run ends it at once.
 */
export async function runWithPolicy<T>(o: {
  title: string;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  /** The run's signal (cancel). */
  signal: AbortSignal;
  attempt(a: Attempt): Promise<T>;
  onRetry(failed: number, of: number, error: ErrorShape, pauseMs: number): void;
}): Promise<T> {
  const attempts = Math.max(1, o.retry?.attempts ?? 1);
  for (let n = 1; ; n++) {
    if (o.signal.aborted) throw cancelledError();
    const timer = new AttemptTimer(
      o.timeoutMs,
      () =>
        new OpsdeckError(
          'TIMEOUT',
          `“${o.title}” took longer than its limit of ${formatDuration(o.timeoutMs ?? 0)}${attempts > 1 ? ` (attempt ${n} of ${attempts})` : ''}.`,
          'The target may be slow or stuck: read the log, then resume the run.',
        ),
    );
    const signal = AbortSignal.any([o.signal, timer.signal]);
    try {
      return await Promise.race([o.attempt({ n, signal, timer }), timer.expired]);
    } catch (err) {
      if (o.signal.aborted) throw cancelledError();
      const error = timer.timedOut ? toErrorShape(timer.signal.reason) : toErrorShape(err);
      if (n >= attempts || !isRetryable(o.retry, error))
        throw timer.timedOut ? timer.signal.reason : err;
      const pause = backoffAfter(o.retry as RetryPolicy, n);
      o.onRetry(n, attempts, error, pause);
      await sleep(pause, o.signal);
    } finally {
      timer.clear();
    }
  }
}
