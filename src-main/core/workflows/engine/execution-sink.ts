import type { ErrorShape, Progress, StepStatus } from '../../../contract';
import type { Clock } from '../../clock';
import type { RunStateRepo } from '../../store/run-state-repo';
import type { ProgressInput } from './context';
import type { Gates } from './gates';
import { ProgressMeter } from './progress-meter';
import type { RunJournal } from './run-journal';
import type { RunSink, Where } from './scope';

const whereKey = (w: Where) => `${w.stepId}\u0000${w.childKey ?? ''}`;
/** A held-back progress sample goes out this long after the last one that went. */
const TRAILING_MS = 300;

/** A real run's sink: everything persisted and announced through the journal. */
export class ExecutionSink implements RunSink {
  private readonly meters = new Map<string, ProgressMeter>();
  private readonly childMeta = new Map<string, { idx: number; title: string }>();
  /** Samples held back by the throttle: the last one still goes out, a moment later. */
  private readonly held = new Map<string, { where: Where; p: Progress; timer: NodeJS.Timeout }>();
  gates: Gates | undefined;

  constructor(
    private readonly journal: RunJournal,
    private readonly state: RunStateRepo,
    private readonly clock: Clock,
  ) {}

  actions(): undefined {
    return undefined;
  }

  log(where: Where, level: Parameters<RunJournal['log']>[1], text: string): void {
    this.journal.log(text, level, where);
  }

  progress(where: Where, sample: ProgressInput): void {
    const key = whereKey(where);
    let meter = this.meters.get(key);
    if (!meter) this.meters.set(key, (meter = new ProgressMeter()));
    const now = this.clock.now().getTime();
    const p = meter.progress(sample, now);
    if (meter.shouldEmit(p, now)) {
      this.drop(key);
      this.journal.progress(where.stepId, where.childKey, p, meter.shouldPersist(p, now));
      return;
    }
    const held = this.held.get(key);
    if (held) held.p = p;
    else {
      const timer = setTimeout(() => this.flush(key), TRAILING_MS);
      timer.unref?.();
      this.held.set(key, { where, p, timer });
    }
  }

  /** Send (and store) every held-back sample now: a step ended, or the run. */
  flushProgress(): void {
    for (const key of [...this.held.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    this.drop(key);
    this.journal.progress(held.where.stepId, held.where.childKey, held.p, true);
  }

  private drop(key: string): void {
    const held = this.held.get(key);
    if (held) clearTimeout(held.timer);
    this.held.delete(key);
  }

  output(where: Where, value: unknown): unknown {
    return this.journal.output(where.stepId, value, where.childKey);
  }

  gate(...args: Parameters<RunSink['gate']>): Promise<void> {
    if (!this.gates) throw new Error('gates are not wired');
    return this.gates.wait(...args);
  }

  changed(where: Where, text: string): void {
    this.journal.changed(where.stepId, text);
  }

  changes(): string[] {
    return this.journal.changes();
  }

  leftFile(host: string, path: string, what: string): void {
    this.journal.leftFile({ host, path, what });
  }

  removedFile(host: string, path: string): void {
    this.journal.removedFile(host, path);
  }

  child(
    stepId: string,
    c: { key: string; idx: number; title: string; status: StepStatus; error?: ErrorShape },
  ): void {
    this.childMeta.set(whereKey({ stepId, childKey: c.key }), { idx: c.idx, title: c.title });
    this.journal.child(stepId, c);
  }

  children(stepId: string) {
    return this.state.children(this.journal.runId, stepId);
  }

  /** A step or child goes to `waiting` at a gate, and back to `running` after it. */
  mark(where: Where, waiting: boolean): void {
    const status: StepStatus = waiting ? 'waiting' : 'running';
    if (where.childKey === undefined) return this.journal.step(where.stepId, status);
    const meta = this.childMeta.get(whereKey(where));
    if (meta) this.journal.child(where.stepId, { key: where.childKey, ...meta, status });
  }
}
