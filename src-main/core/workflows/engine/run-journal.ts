import type {
  ErrorShape,
  LeftFile,
  LogLine,
  Progress,
  RunEvent,
  RunStatus,
  RunWaiting,
  StepStatus,
} from '../../../contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../event-bus';
import type { Redactor } from '../../redact';
import type { RunStateRepo } from '../../store/run-state-repo';
import type { RunsRepo } from '../../store/runs-repo';

export interface JournalDeps {
  runs: RunsRepo;
  state: RunStateRepo;
  bus: EventBus;
  clock: Clock;
}

/**
 * Everything a run records, in one place: persisted first, then announced as `workflow.event`
 * (so a door that fetches after an event always finds it). Text passes the run's redactor.
 */
export class RunJournal {
  constructor(
    private readonly deps: JournalDeps,
    readonly runId: string,
    readonly redactor: Redactor,
  ) {}

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  log(
    text: string,
    level: LogLine['level'] = 'info',
    where: { stepId?: string | undefined; childKey?: string | undefined } = {},
  ): void {
    const line = this.deps.runs.appendLog(this.runId, {
      at: this.now(),
      level,
      text: this.redactor.text(text),
      ...(where.stepId ? { stepId: where.stepId } : {}),
      ...(where.childKey ? { childKey: where.childKey } : {}),
    });
    this.emit({ type: 'log', runId: this.runId, line });
  }

  step(stepId: string, status: StepStatus, error?: ErrorShape): void {
    const step = this.deps.runs.setStep(
      this.runId,
      stepId,
      status,
      this.now(),
      error && this.redactor.value(error),
    );
    this.emit({ type: 'step', runId: this.runId, step });
  }

  attempt(stepId: string, n: number): void {
    this.deps.state.setAttempt(this.runId, stepId, n);
  }

  child(
    stepId: string,
    c: { key: string; idx: number; title: string; status: StepStatus; error?: ErrorShape },
  ): void {
    const child = this.deps.state.setChild(this.runId, stepId, {
      ...c,
      ...(c.error ? { error: this.redactor.value(c.error) } : {}),
      at: this.now(),
    });
    this.emit({ type: 'child', runId: this.runId, stepId, child });
  }

  /** Store the output (masked, as JSON) and return what later steps will read. */
  output(stepId: string, value: unknown, childKey?: string): unknown {
    const stored = value === undefined ? undefined : this.redactor.value(jsonCopy(value));
    if (childKey === undefined) this.deps.state.setStepOutput(this.runId, stepId, stored);
    else this.deps.state.setChildOutput(this.runId, stepId, childKey, stored);
    return stored;
  }

  progress(stepId: string, childKey: string | undefined, p: Progress, persist: boolean): void {
    if (persist) {
      if (childKey === undefined) this.deps.state.setStepProgress(this.runId, stepId, p);
      else this.deps.state.setChildProgress(this.runId, stepId, childKey, p);
    }
    this.emit({
      type: 'progress',
      runId: this.runId,
      stepId,
      ...(childKey !== undefined ? { childKey } : {}),
      progress: p,
    });
  }

  changed(stepId: string | undefined, text: string): void {
    this.deps.state.addChange(this.runId, {
      at: this.now(),
      ...(stepId ? { stepId } : {}),
      text: this.redactor.text(text),
    });
  }

  changes(): string[] {
    return this.deps.state.changes(this.runId).map((c) => c.text);
  }

  leftFile(file: LeftFile): void {
    const rest = this.deps.state
      .leftFiles(this.runId)
      .filter((f) => !(f.host === file.host && f.path === file.path));
    this.deps.state.setLeftFiles(this.runId, [...rest, file]);
  }

  removedFile(host: string, path: string): void {
    this.deps.state.setLeftFiles(
      this.runId,
      this.deps.state.leftFiles(this.runId).filter((f) => !(f.host === host && f.path === path)),
    );
  }

  waiting(waiting: RunWaiting | undefined): void {
    this.deps.state.setWaiting(this.runId, waiting, this.now());
  }

  status(status: RunStatus, error?: ErrorShape): void {
    this.deps.runs.setStatus(this.runId, status, this.now(), error && this.redactor.value(error));
    this.emitRun();
  }

  emitRun(): void {
    const run = this.deps.runs.summary(this.runId);
    if (run) this.emit({ type: 'run', runId: this.runId, run });
  }

  private emit(event: RunEvent): void {
    this.deps.bus.emit('workflow.event', event);
  }
}

/** A plain JSON copy (what the store will give back on a resume). */
export function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
