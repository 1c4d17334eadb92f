import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

type DiffMethod =
  | 'diff.load'
  | 'diff.compare'
  | 'diff.checks'
  | 'diff.save'
  | 'snapshots.take'
  | 'snapshots.list'
  | 'snapshots.restore'
  | 'drift.run';

/** Config diff, save-back, snapshots and drift, bound to the core's DiffService. */
export function diffHandlers(core: Core): Pick<Handlers, DiffMethod> {
  const d = core.diff;
  return {
    'diff.load': async ({ sources, maxBytes }) => ({ sides: await d.load(sources, maxBytes) }),
    'diff.compare': (p) => d.compare(p),
    'diff.checks': ({ hostId, path }) => d.checks(hostId, path),
    'diff.save': (p, call) => d.save(p, call.door),
    'snapshots.take': ({ hostId, path, note }, call) =>
      d.takeSnapshot(hostId, path, note, call.door),
    'snapshots.list': (p) => d.listSnapshots(p),
    'snapshots.restore': (p, call) => d.restore(p, call.door),
    'drift.run': (p, call) => d.drift(p, call.door),
  };
}
