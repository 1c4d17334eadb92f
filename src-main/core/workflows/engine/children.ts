import { OpsdeckError, toErrorShape, type ErrorShape } from '../../../contract';
import { cancelledError } from '../../common/cancel';
import { runLimited } from '../../exec/limiter';
import type { ChildContext, ForEachSpec } from './context';
import type { RunScope } from './scope';

const DEFAULT_LIMIT = 4;

/**
 * A fan-out step's children: one per item, at most `limit` at once, each with its own state,
 * log lines, progress and outcome in the run. Finished children of an earlier attempt or run are
 * not run again (their results come back from the store); the step's own progress counts them.
 */
export async function runChildren<I, R>(o: {
  scope: RunScope;
  stepId: string;
  items: readonly I[];
  spec: ForEachSpec<I, R>;
  /** The step attempt's signal. */
  signal: AbortSignal;
  /** `undo:` for the children of an undo, kept apart from the step's own. */
  keyPrefix: string;
  child(key: string, title: string, signal: AbortSignal): ChildContext<unknown>;
  fn(child: ChildContext<unknown>, item: I): Promise<R>;
}): Promise<Map<string, R>> {
  const { scope, stepId, spec } = o;
  const { sink } = scope;
  const list = o.items.map((item, idx) => ({
    item,
    idx,
    key: `${o.keyPrefix}${spec.key(item)}`,
    title: spec.title(item),
  }));
  const dup = list.find((c, i) => list.findIndex((d) => d.key === c.key) !== i);
  if (dup)
    throw new OpsdeckError(
      'INTERNAL',
      `Two children of step “${stepId}” have the key ${dup.key}.`,
      'This is a bug in the workflow: child keys must be unique (a host id).',
    );

  const limit = Math.max(1, spec.limit ?? DEFAULT_LIMIT);
  sink.fanOut?.(stepId, limit);
  const known = new Map(sink.children(stepId).map((c) => [c.key, c]));
  const results = new Map<string, R>();
  const todo: typeof list = [];
  for (const c of list) {
    const before = known.get(c.key);
    if (!scope.dryRun && before?.status === 'done') {
      results.set(c.key, restore(spec, before.output));
      continue;
    }
    todo.push(c);
    sink.child(stepId, { key: c.key, idx: c.idx, title: c.title, status: 'pending' });
  }
  let finished = list.length - todo.length;
  const count = () =>
    sink.progress(
      { stepId },
      { unit: 'items', done: finished, total: list.length, label: `${list.length} children` },
    );
  if (list.length) count();

  const stopOthers = new AbortController();
  const signal = AbortSignal.any([o.signal, stopOthers.signal]);
  const failures: { title: string; error: ErrorShape }[] = [];
  await runLimited(
    todo,
    limit,
    async (c) => {
      const where = { stepId, childKey: c.key };
      sink.child(stepId, { key: c.key, idx: c.idx, title: c.title, status: 'running' });
      try {
        const result = await o.fn(o.child(c.key, c.title, signal), c.item);
        results.set(c.key, restore(spec, sink.output(where, result)));
        sink.child(stepId, { key: c.key, idx: c.idx, title: c.title, status: 'done' });
      } catch (err) {
        const cancelled = o.signal.aborted;
        const error = toErrorShape(cancelled ? cancelledError() : err);
        sink.child(stepId, {
          key: c.key,
          idx: c.idx,
          title: c.title,
          status: cancelled ? 'cancelled' : 'failed',
          error,
        });
        if (!cancelled) {
          sink.log(where, 'error', `${c.title}: ${error.message} — ${error.hint}`);
          failures.push({ title: c.title, error });
          if (spec.failFast) stopOthers.abort();
        }
      } finally {
        finished += 1;
        count();
      }
    },
    {
      signal,
      onSkipped: (c) =>
        sink.child(stepId, {
          key: c.key,
          idx: c.idx,
          title: c.title,
          status: 'cancelled',
          error: toErrorShape(
            o.signal.aborted
              ? cancelledError()
              : new OpsdeckError(
                  'CANCELLED',
                  'Not started: another child failed first (fail fast).',
                  'Resume the run to try it.',
                ),
          ),
        }),
    },
  );
  if (o.signal.aborted) throw cancelledError();
  if (failures.length) throw childrenFailed(failures, list.length);
  // In the order of the items, whatever order they finished in.
  return new Map(
    list.filter((c) => results.has(c.key)).map((c) => [c.key, results.get(c.key) as R]),
  );
}

function restore<R>(spec: ForEachSpec<unknown, R>, stored: unknown): R {
  return spec.output ? spec.output.parse(stored) : (stored as R);
}

function childrenFailed(failures: { title: string; error: ErrorShape }[], of: number) {
  const [only] = failures;
  if (failures.length === 1 && only)
    return new OpsdeckError(
      only.error.code,
      `${only.title}: ${only.error.message}`,
      `${only.error.hint} The others finished; a resume runs only what did not.`,
    );
  return new OpsdeckError(
    'WORKFLOW_STEP_FAILED',
    `${failures.length} of ${of} failed — ${failures.map((f) => `${f.title}: ${f.error.message}`).join('; ')}`,
    'Each one’s log says why. Fix them, then resume: finished ones are not run again.',
  );
}
