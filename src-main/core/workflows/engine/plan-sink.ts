import type {
  LogLine,
  PlanChild,
  PlanGate,
  PlannedAction,
  StepStatus,
} from '../../../contract';
import type { GateSpec } from './context';
import { jsonCopy } from './run-journal';
import type { RunSink, Where } from './scope';

interface StepRecord {
  actions: PlannedAction[];
  warnings: string[];
  gates: PlanGate[];
  children: Map<string, PlanChild & { idx: number }>;
  limit?: number;
}

/**
 * A plan's sink: writes are recorded per step and per child, gates are noted and pass, nothing is
 * stored or announced. The planner reads the records back into the Plan.
 */
export class PlanSink implements RunSink {
  private readonly steps = new Map<string, StepRecord>();

  record(stepId: string): StepRecord {
    let r = this.steps.get(stepId);
    if (!r) this.steps.set(stepId, (r = { actions: [], warnings: [], gates: [], children: new Map() }));
    return r;
  }

  /** The children of a step in the order they were listed. */
  children(): [] {
    return [];
  }

  childrenOf(stepId: string): PlanChild[] {
    return [...this.record(stepId).children.values()]
      .sort((a, b) => a.idx - b.idx)
      .map(({ idx: _idx, ...c }) => c);
  }

  fanOut(stepId: string, limit: number): void {
    this.record(stepId).limit = limit;
  }

  actions(where: Where): PlannedAction[] {
    const r = this.record(where.stepId);
    if (where.childKey === undefined) return r.actions;
    return this.childRecord(where.stepId, where.childKey).actions;
  }

  async gate(where: Where, gate: GateSpec): Promise<void> {
    const g: PlanGate = {
      title: gate.title,
      message: gate.message,
      ...(gate.typed ? { typed: gate.typed } : {}),
    };
    if (where.childKey === undefined) this.record(where.stepId).gates.push(g);
    else this.childRecord(where.stepId, where.childKey).gates.push(g);
  }

  child(stepId: string, c: { key: string; idx: number; title: string; status: StepStatus }): void {
    const r = this.record(stepId);
    if (!r.children.has(c.key))
      r.children.set(c.key, { key: c.key, idx: c.idx, title: c.title, actions: [], gates: [] });
  }

  output(_where: Where, value: unknown): unknown {
    return value === undefined ? undefined : jsonCopy(value);
  }

  /** Warnings are kept with their step (the plan shows them); other lines are dropped. */
  log(where: Where, level: LogLine['level'], text: string): void {
    if (level === 'warn') this.record(where.stepId).warnings.push(text);
  }
  progress(): void {}
  changed(): void {}
  changes(): string[] {
    return [];
  }
  leftFile(): void {}
  removedFile(): void {}

  private childRecord(stepId: string, key: string): PlanChild {
    const r = this.record(stepId);
    let c = r.children.get(key);
    if (!c)
      r.children.set(key, (c = { key, idx: r.children.size, title: key, actions: [], gates: [] }));
    return c;
  }
}
