import type { z } from 'zod';
import type { ErrorCode, Host, LockRequest } from '../../../contract';
import type { StepContext, StepRef } from './context';

export type {
  BaseContext,
  ChildContext,
  ExecResult,
  ForEachSpec,
  GateSpec,
  PipeSpec,
  PlannedAction,
  ProgressInput,
  ShellOptions,
  SshEffects,
  StepContext,
  StepRef,
  StreamInSpec,
  StreamOutSpec,
} from './context';

/** How often a step is tried, and on which errors it tries again. */
export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** Pause before the second attempt; doubles each time up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Error codes worth another attempt (default: network, timeouts, throttling). */
  retryOn?: readonly ErrorCode[];
}

export interface Step<P, O = unknown> {
  id: string;
  title: string;
  /** Schema of what `run` returns: stored with the run, read by later steps (`ctx.get`). */
  output?: z.ZodType<O>;
  /**
   * Whether the params ask for this step at all (default: yes). A step not requested never runs
   * and shows as "not requested" in plans and runs — not as "already done".
   */
  requested?(params: P): boolean;
  /** Already done? Makes re-runs and resumes idempotent. */
  check?(ctx: StepContext<P, O>): Promise<boolean>;
  run(ctx: StepContext<P, O>): Promise<O>;
  /** Confirms the step had its effect; throws if not. */
  verify?(ctx: StepContext<P, O>): Promise<void>;
  /**
   * Put back what `run` changed. Runs in reverse order on failure (automatic rollback) or on
   * request, up to the point of no return; must be safe when `run` did only part or nothing.
   */
  undo?(ctx: StepContext<P, O>): Promise<void>;
  /** From this step on, a failure is no longer rolled back: the run stops and says what to do. */
  pointOfNoReturn?: boolean;
  /** What to do by hand when the run stops in this step after the point of no return. */
  manual?: string;
  /**
   * What stays as it is when Opsdeck stops (is killed) inside this step, in plain words: put
   * before the hint of the interrupted step (e.g. a fence whose read lock went with the process).
   */
  interrupted?(params: P, lookup: Lookup): string;
  /** Time limit of one attempt (check + run + verify), gates not counted. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

/** The type of what a step (or an `outputOf` reference) produces. */
export type OutputOf<R> = R extends StepRef<infer T> ? T : never;

/** How a step's id and output schema are named elsewhere before the step is built. */
export function outputOf<T>(id: string, output: z.ZodType<T>): StepRef<T> & { id: string } {
  return { id, output };
}

export interface Lookup {
  host(idOrName: string): Host;
}

export interface WorkflowDefinition<P = unknown, Id extends string = string> {
  id: Id;
  title: string;
  description: string;
  params: z.ZodType<P>;
  /** Short subject for run lists, e.g. the host name. */
  subject(params: P, lookup: Lookup): string;
  /** The hosts and clusters a run holds from its first step to its end. */
  locks?(params: P, lookup: Lookup): LockRequest[];
  /**
   * automatic: a failure (or cancel) before the point of no return runs the undos at once.
   * on-request (default): the run stops where it failed; Resume, or Roll back on request.
   */
  rollback?: 'automatic' | 'on-request';
  steps: readonly Step<P>[];
  /**
   * Secrets in the params that a run row must never hold (runs are stored as their params):
   * `apply` moves them into the vault and returns params holding references instead, which the
   * steps resolve. `WorkflowRunner.startSealed` applies it before the run is recorded; `start`
   * refuses params for which `needed` is still true. `field` is the param that `apply` sets (a
   * vault reference): only the seal may set it — a request that carries it is refused, so every
   * reference a run holds was made by its own seal (and its steps may delete it).
   */
  seal?: {
    field: string;
    needed(params: P): boolean;
    apply(params: P): Promise<P>;
    /** Delete a reference `apply` made (the run could not be recorded, or it is discarded). */
    discard?(ref: string): Promise<void>;
    /**
     * Whether the entry `ref` is still in the vault. With it, a discard reports only entries it
     * really deleted, and a succeeded run whose entry could not be deleted when it ended may be
     * discarded to delete it (nothing else changes).
     */
    exists?(ref: string): boolean;
  };
  /**
   * What a stopped run of this workflow leaves outside Opsdeck that its changes show (e.g. an
   * instance launched and not confirmed terminated), in plain words: a discard names it.
   */
  leftBehind?(changes: readonly string[]): string[];
  /**
   * A run is discarded: release what this process still holds for it (a held session, a lock).
   * Nothing on servers changes otherwise; a throw is logged, the discard stands.
   */
  onDiscard?(runId: string): Promise<void> | void;
  /** Called after a successful run (e.g. store collected facts in the inventory). */
  onSuccess?(params: P, outputs: Outputs): void | Promise<void>;
}

/** Typed outputs of a finished run, for onSuccess. */
export interface Outputs {
  get<T>(step: StepRef<T>): T;
  find<T>(step: StepRef<T>): T | undefined;
}

/** A host lock for each host, by id, named by its name. */
export const hostLocks = (hosts: readonly Host[]): LockRequest[] =>
  hosts.map((h) => ({ kind: 'host', key: h.id, label: h.name }));
