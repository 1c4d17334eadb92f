import type { z } from 'zod';
import type { Host, PlannedAction } from '../../../contract';
import type { Readable, Writable } from 'node:stream';
import type { PipeResult } from '../../ssh/pipe';
import type { StreamResult } from '../../ssh/stream';
import type { MysqlEffects } from './mysql-effects';
import type { AwsEffects } from '../../aws/workflow-effects';

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

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

export interface StreamOutSpec {
  host: Host;
  command: string;
  /** Where the output goes, e.g. "s3://bucket/key" (plans and logs). */
  intoLabel: string;
  into: Writable;
  purpose: string;
  timeoutMs?: number;
  onStderr?: (text: string) => void;
  onLine?: (line: string) => void;
  onProgress?: (bytes: number) => void;
}

export interface StreamInSpec {
  host: Host;
  command: string;
  fromLabel: string;
  from: Readable;
  purpose: string;
  timeoutMs?: number;
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

export interface StepContext<P> {
  readonly params: P;
  readonly runId: string;
  readonly dryRun: boolean;
  readonly signal: AbortSignal;
  readonly ssh: SshEffects;
  /** SQL on a host's server: reads may run while planning; writes are planned, run, audited. */
  readonly mysql: MysqlEffects;
  /** EC2 calls: reads may run while planning; writes are planned, run, audited. */
  readonly aws: AwsEffects;
  /** Values persisted with the run: steps pass results on through it, resumes see them. */
  readonly output: Record<string, unknown>;
  host(idOrName: string): Host;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
  /** Mask this value in every log line, plan, audit record and error of the run. */
  secret(value: string): void;
}

export interface Step<P> {
  id: string;
  title: string;
  /** Already done? Makes re-runs and resumes idempotent. */
  check?(ctx: StepContext<P>): Promise<boolean>;
  run(ctx: StepContext<P>): Promise<void>;
  /** Confirms the step had its effect; throws if not. */
  verify?(ctx: StepContext<P>): Promise<void>;
  undo?(ctx: StepContext<P>): Promise<void>;
}

export interface WorkflowDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  description: string;
  params: S;
  /** Short subject for run lists, e.g. the host name. */
  subject(params: z.output<S>, lookup: { host(idOrName: string): Host }): string;
  steps: readonly Step<z.output<S>>[];
  /** Called after a successful run (e.g. store collected facts in the inventory). */
  onSuccess?(params: z.output<S>, output: Record<string, unknown>): void | Promise<void>;
}

export type { PlannedAction };
