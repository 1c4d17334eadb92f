/**
 * One run's live view, pure: a snapshot from `workflows.run` plus `workflow.event`s. The view
 * subscribes before it fetches, so events that arrive before the snapshot are buffered and
 * replayed on top of it; stale ones (already in the snapshot) are recognised and dropped.
 */
import {
  ACTIVE_RUN_STATUSES,
  type RunChild,
  type RunDetail,
  type RunEvent,
  type RunStep,
  type StepStatus,
} from '../../../src-main/contract';

export const MAX_LOG_LINES = 20_000;

export interface RunViewState {
  run: RunDetail | null;
  /** Events for this run that arrived before the snapshot. */
  buffered: RunEvent[];
}

export type RunAction =
  { type: 'snapshot'; run: RunDetail } | { type: 'event'; event: RunEvent } | { type: 'reset' };

export const initialRunView: RunViewState = { run: null, buffered: [] };

export function runReducer(state: RunViewState, action: RunAction): RunViewState {
  switch (action.type) {
    case 'reset':
      return initialRunView;
    case 'snapshot': {
      let run = action.run;
      for (const ev of state.buffered) if (ev.runId === run.id) run = applyRunEvent(run, ev);
      return { run, buffered: [] };
    }
    case 'event': {
      if (!state.run) return { ...state, buffered: [...state.buffered, action.event] };
      if (action.event.runId !== state.run.id) return state;
      const run = applyRunEvent(state.run, action.event);
      return run === state.run ? state : { ...state, run };
    }
  }
}

/** Returns the same object when the event changes nothing (so React can skip a render). */
export function applyRunEvent(run: RunDetail, ev: RunEvent): RunDetail {
  switch (ev.type) {
    case 'run': {
      if (ev.run.updatedAt < run.updatedAt) return run;
      // A summary without `waiting` or `error` means they are over: drop the old ones.
      const { waiting: _w, error: _e, ...rest } = run;
      return { ...rest, ...ev.run };
    }
    case 'step': {
      const i = run.steps.findIndex((s) => s.id === ev.step.id);
      if (i < 0) return { ...run, steps: [...run.steps, ev.step] };
      const old = run.steps[i]!;
      if (!isNewer(old, ev.step)) return run;
      // Step events carry no children: those come as their own events.
      return withStep(run, i, {
        ...ev.step,
        ...(old.children ? { children: old.children } : {}),
        ...(ev.step.progress || old.progress ? { progress: ev.step.progress ?? old.progress } : {}),
      });
    }
    case 'child': {
      const i = run.steps.findIndex((s) => s.id === ev.stepId);
      const step = run.steps[i];
      if (!step) return run;
      const children = step.children ?? [];
      const j = children.findIndex((c) => c.key === ev.child.key);
      if (j >= 0 && !isNewer(children[j]!, ev.child)) return run;
      const next: RunChild = {
        ...ev.child,
        ...(j >= 0 && children[j]!.progress && !ev.child.progress
          ? { progress: children[j]!.progress }
          : {}),
      };
      return withStep(run, i, {
        ...step,
        children: j < 0 ? [...children, next] : children.map((c, k) => (k === j ? next : c)),
      });
    }
    case 'progress': {
      const i = run.steps.findIndex((s) => s.id === ev.stepId);
      const step = run.steps[i];
      if (!step) return run;
      if (ev.childKey === undefined) return withStep(run, i, { ...step, progress: ev.progress });
      const children = step.children ?? [];
      if (!children.some((c) => c.key === ev.childKey)) return run;
      return withStep(run, i, {
        ...step,
        children: children.map((c) =>
          c.key === ev.childKey ? { ...c, progress: ev.progress } : c,
        ),
      });
    }
    case 'log': {
      const logs = run.logs;
      const lastSeq = logs.length ? logs[logs.length - 1]!.seq : -Infinity;
      let next: RunDetail['logs'];
      if (ev.line.seq > lastSeq) next = [...logs, ev.line];
      else if (logs.some((l) => l.seq === ev.line.seq)) return run;
      else next = [...logs, ev.line].sort((a, b) => a.seq - b.seq);
      if (next.length > MAX_LOG_LINES) next = next.slice(next.length - MAX_LOG_LINES);
      return { ...run, logs: next };
    }
  }
}

function withStep(run: RunDetail, i: number, step: RunStep): RunDetail {
  const steps = run.steps.slice();
  steps[i] = step;
  return { ...run, steps };
}

const RANK: Record<StepStatus, number> = {
  pending: 0,
  running: 1,
  waiting: 1,
  done: 2,
  skipped: 2,
  failed: 2,
  cancelled: 2,
  undoing: 3,
  undone: 4,
  'undo-failed': 4,
};

/**
 * A step update moves forward (pending → running → finished). Going back is accepted only for a
 * new attempt (resume), recognised by a later start time; otherwise it is a stale event.
 */
function isNewer(old: RunStep | RunChild, next: RunStep | RunChild): boolean {
  if (RANK[next.status] >= RANK[old.status]) {
    // Same rank but an older attempt (e.g. a buffered "failed" after a resumed "done")?
    return !(old.startedAt && next.startedAt && next.startedAt < old.startedAt);
  }
  return Boolean(next.startedAt && (!old.startedAt || next.startedAt > old.startedAt));
}

export function isActive(run: { status: RunDetail['status'] }): boolean {
  return ACTIVE_RUN_STATUSES.includes(run.status);
}

export function isResumable(run: { status: RunDetail['status'] }): boolean {
  return (
    run.status === 'failed' ||
    run.status === 'cancelled' ||
    run.status === 'interrupted' ||
    run.status === 'rolled-back'
  );
}

/** Roll back is offered for a stopped run that has done something undoable before its point of no return. */
export function canRollBack(run: RunDetail): boolean {
  if (!['failed', 'cancelled', 'interrupted'].includes(run.status)) return false;
  const ponr = run.pointOfNoReturn ? run.steps.findIndex((s) => s.id === run.pointOfNoReturn) : -1;
  const ran = (s: RunStep) => ['done', 'failed', 'cancelled'].includes(s.status);
  return !run.steps.some((s, i) => ponr >= 0 && i >= ponr && ran(s)) && run.steps.some(ran);
}
