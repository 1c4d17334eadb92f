import type { LogLine, PlannedAction, StepStatus, ErrorShape } from '../../../contract';
import type { Redactor } from '../../redact';
import type { StoredChild } from '../../store/run-state-repo';
import type { GateSpec, ProgressInput } from './context';
import type { WorkflowDefinition } from './definition';
import type { RunOutputs } from './outputs';
import type { AttemptTimer } from './step-policy';

/** Where something happens: a step, or one child of a fan-out step. */
export interface Where {
  stepId: string;
  childKey?: string | undefined;
}

/**
 * What contexts report to. A run persists and announces (execution-sink.ts); a plan records
 * actions and gates and keeps nothing else (plan-sink.ts). Steps cannot tell the difference
 * except through `ctx.dryRun`.
 */
export interface RunSink {
  /** Planning: the list this step's (or child's) actions go to. A run: undefined. */
  actions(where: Where): PlannedAction[] | undefined;
  log(where: Where, level: LogLine['level'], text: string): void;
  progress(where: Where, sample: ProgressInput): void;
  /** Store a step's or child's output; returns the stored form later readers get. */
  output(where: Where, value: unknown): unknown;
  gate(where: Where, gate: GateSpec, signal: AbortSignal, timer?: AttemptTimer): Promise<void>;
  changed(where: Where, text: string): void;
  changes(): string[];
  leftFile(host: string, path: string, what: string): void;
  removedFile(host: string, path: string): void;
  /** A child's state changed. */
  child(
    stepId: string,
    c: { key: string; idx: number; title: string; status: StepStatus; error?: ErrorShape },
  ): void;
  /** A step fans out to children, at most `limit` at once (plans show it). */
  fanOut?(stepId: string, limit: number): void;
  /** Children a step already has (a resumed step skips the finished ones). */
  children(stepId: string): StoredChild[];
}

/** One run (or one plan) of one workflow: what every context of it shares. */
export interface RunScope {
  readonly def: WorkflowDefinition;
  readonly params: unknown;
  readonly runId: string;
  readonly door: string;
  readonly dryRun: boolean;
  readonly redactor: Redactor;
  readonly outputs: RunOutputs;
  readonly sink: RunSink;
}
