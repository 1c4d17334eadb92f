import type { RunSummary } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { createFeedStore } from '../../ui/feed-store';

/**
 * Recent runs, newest first. Kept current from `workflow.event` run summaries (applied at once,
 * no fetch) and fetched again after a reconnect — no polling.
 */
const runsStore = createFeedStore({
  initial: { runs: [] as RunSummary[] },
  fetch: () => client.call('workflows.runs', { limit: 200 }),
  toState: (runs) => ({ runs }),
  events: client,
  topic: 'workflow.event',
  onEvent: (ev, s) => (ev.type === 'run' ? { runs: upsertRun(s.runs, ev.run) } : null),
});

export const useRuns = runsStore.use;
export const runsFeed = runsStore.feed;

export function upsertRun(list: readonly RunSummary[], run: RunSummary): RunSummary[] {
  const i = list.findIndex((r) => r.id === run.id);
  if (i < 0) return [run, ...list];
  if (list[i]!.updatedAt > run.updatedAt) return list as RunSummary[];
  const next = list.slice();
  next[i] = run;
  return next;
}

export const openRun = (r: Pick<RunSummary, 'id' | 'title' | 'subject'>) =>
  nav().open({ kind: 'run', runId: r.id, title: `${r.title} · ${r.subject}` });
