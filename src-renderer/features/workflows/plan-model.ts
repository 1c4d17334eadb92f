/** A plan seen by host, pure: which hosts it touches, how much on each, and a filter. */
import type { Plan, PlannedAction } from '../../../src-main/contract';

export interface PlanHost {
  /** The action's target: a host name, or `aws:account/region`. */
  target: string;
  writes: number;
  reads: number;
}

/** Every action of a plan, its children's included, in plan order. */
export function allActions(plan: Plan): PlannedAction[] {
  return plan.steps.flatMap((s) => [...s.actions, ...s.children.flatMap((c) => c.actions)]);
}

/** The targets a plan touches, in the order it first touches them, with their counts. */
export function planHosts(plan: Plan): PlanHost[] {
  const byTarget = new Map<string, PlanHost>();
  for (const a of allActions(plan)) {
    const h = byTarget.get(a.target) ?? { target: a.target, writes: 0, reads: 0 };
    if (a.write) h.writes += 1;
    else h.reads += 1;
    byTarget.set(a.target, h);
  }
  return [...byTarget.values()];
}

export const planWrites = (plan: Plan) => allActions(plan).filter((a) => a.write).length;

/** The actions shown under a host filter (all of them without one). */
export const shownActions = (actions: readonly PlannedAction[], host: string | null) =>
  host === null ? actions : actions.filter((a) => a.target === host);
