import type { Host, PlannedAction } from '../../../contract';
import type { ProgressUnit } from '../../../contract/format';
import type { z } from 'zod';
import type { Readable, Writable } from 'node:stream';
import type { ExecResult } from '../../ssh/exec';
import type { PipeResult } from '../../ssh/pipe';
import type { StreamResult } from '../../ssh/stream';
import type { AwsEffects } from '../../aws/workflow-effects';
import type { MysqlEffects } from './mysql-effects';

/** A command's result: the SSH layer's own (exit or signal, output, duration). */
export type { ExecResult };

export interface ShellOptions {
  /** What the command is for, shown in plans and logs. */
  purpose?: string;
  timeoutMs?: number;
  stdin?: string;
  /** Exit codes that are not a failure (default: only 0). */
  okCodes?: readonly number[];
}

/**
 * The only way a step touches a server (DESIGN rule 4). `read` may run during planning;
 * `write` is recorded in a plan, executed and audited in a run.
 */
export interface SshEffects {
  read(host: Host, command: string, options?: ShellOptions): Promise<ExecResult>;
  write(host: Host, command: string, options?: ShellOptions): Promise<ExecResult>;
  /** `from$ command | to$ into`, streamed through Opsdeck (no temporary files); a write. */
  pipe(spec: PipeSpec): Promise<PipeResult>;
  /** `host$ command > into` (a backup into its destination); planned, not run, in a dry run. */
  streamOut(spec: StreamOutSpec): Promise<StreamResult>;
  /** `from > host$ command` (a stored backup into a restore); planned, not run, in a dry run. */
  streamIn(spec: StreamInSpec): Promise<StreamResult>;
}

/** A command's output streamed into a local Writable (a backup going to its destination). */
export interface StreamOutSpec {
  host: Host;
  command: string;
  /** Where the output goes, e.g. "s3://bucket/key" (plans and logs). */
  intoLabel: string;
  into: Writable;
  purpose: string;
  /** What the command is, for a failure's message ("`mariadb-dump | zstd` exited with 2"). */
  display?: string;
  timeoutMs?: number;
  onStderr?: (text: string) => void;
  /** Comment lines of the stream (a dump's coordinates). */
  onLine?: (line: string) => void;
  onProgress?: (bytes: number) => void;
}

/** A local Readable streamed into a command's stdin (a stored backup fed into a restore). */
export interface StreamInSpec {
  host: Host;
  command: string;
  /** Where the input comes from (plans and logs). */
  fromLabel: string;
  from: Readable;
  purpose: string;
  timeoutMs?: number;
  /** Written first; and (trailer) when the input fails, before stdin is closed. */
  prefix?: string;
  abortTrailer?: string;
  onProgress?: (bytes: number) => void;
  onStdout?: (text: string) => void;
}

export interface PipeSpec {
  from: Host;
  command: string;
  to: Host;
  into: string;
  purpose: string;
  timeoutMs?: number;
  /** Sent to the sink first; and when the source fails, before the sink's stdin is closed. */
  prefix?: string;
  abortTrailer?: string;
  onLine?: (line: string) => void;
  onProgress?: (bytes: number) => void;
}

/** A step's typed output, by reference: the step itself, or `outputOf(id, schema)`. */
export interface StepRef<T> {
  readonly id: string;
  readonly output?: z.ZodType<T>;
}

/** A gate: the run waits (status `waiting`) until a person answers in any door. */
export interface GateSpec {
  title: string;
  /** What happens when they say yes, and what is at stake. */
  message: string;
  /** The button: "Promote db2". Default "Go on". */
  confirmLabel?: string;
  /** The answer must carry exactly this text (the cluster's name, say). */
  typed?: string;
  /** How long to wait for an answer; then the gate counts as declined. Default 30 min. */
  timeoutMs?: number;
}

/** A progress sample; the engine adds the rate and the time left. */
export interface ProgressInput {
  unit: ProgressUnit;
  done: number;
  total?: number;
  label?: string;
}

/** A fan-out: one child per item (a host, usually), at most `limit` at once. */
export interface ForEachSpec<I, R> {
  /** Stable identity of a child across resumes (a host id). */
  key(item: I): string;
  /** What people read (a host name). */
  title(item: I): string;
  /** At most this many children run at once (default 4). */
  limit?: number;
  /** Schema of a child's result, so a resumed run restores the results of finished children. */
  output?: z.ZodType<R>;
  /** Stop starting children after the first failure (default: let every child finish). */
  failFast?: boolean;
}

/** Facilities every step, undo and child gets. */
export interface BaseContext<P> {
  readonly params: P;
  readonly runId: string;
  readonly dryRun: boolean;
  /** Aborts on cancel, on the step's time limit, or (children) when a fail-fast sibling failed. */
  readonly signal: AbortSignal;
  readonly ssh: SshEffects;
  /** SQL on a host's server: reads may run while planning; writes are planned, run, audited. */
  readonly mysql: MysqlEffects;
  /** EC2 calls: reads may run while planning; writes are planned, run, audited. */
  readonly aws: AwsEffects;
  host(idOrName: string): Host;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
  /** Mask this value in every log line, plan, audit record and error of the run. */
  secret(value: string): void;
  /** The typed output of an earlier step; a clear error when it has none. */
  get<T>(step: StepRef<T>): T;
  /** The typed output of an earlier step, or undefined (not run yet, skipped, planned away). */
  find<T>(step: StepRef<T>): T | undefined;
  /** Wait for a person (status `waiting`, a prompt in every door); throws if declined. */
  confirm(gate: GateSpec): Promise<void>;
  /** Structured progress of this step or child: the engine adds rate and time left. */
  progress(sample: ProgressInput): void;
  /** Record a change in words, for "what was changed so far" (nothing while planning). */
  changed(text: string): void;
  /** Changes this run recorded so far, oldest first. */
  changes(): readonly string[];
  /** A file or folder the run leaves on a host on purpose; listed with the run. */
  leftFile(host: Host, path: string, what: string): void;
  /** A file the run listed earlier is gone (cleaned up). */
  removedFile(host: Host, path: string): void;
}

/** One child of a fan-out step: its own log lines, progress and outcome. */
export interface ChildContext<P> extends BaseContext<P> {
  readonly key: string;
  readonly title: string;
}

/** What a step's check, run, verify and undo receive. */
export interface StepContext<P, O = unknown> extends BaseContext<P> {
  /** 1 for the first attempt; more when the step retries. */
  readonly attempt: number;
  /** What this step saved in an earlier attempt or run (validated by its schema). */
  readonly saved: O | undefined;
  /** Persist this step's output now, before it returns: a retry or a resume sees it in `saved`. */
  save(output: O): void;
  /**
   * Fan out: run `fn` for every item as a child with its own state, log and outcome, at most
   * `limit` at once. A resumed step skips finished children (restoring their results). When a
   * child fails, the others finish (unless failFast) and the step fails naming each failure.
   */
  forEach<I, R>(
    items: readonly I[],
    spec: ForEachSpec<I, R>,
    fn: (child: ChildContext<P>, item: I) => Promise<R>,
  ): Promise<Map<string, R>>;
  /** In an undo: the keys of this step's children that finished. */
  doneChildren(): readonly string[];
}

export type { PlannedAction };
