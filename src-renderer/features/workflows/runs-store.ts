import { create } from 'zustand';
import { toErrorShape, type ErrorShape, type RunSummary } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';

interface RunsState {
  runs: RunSummary[];
  loaded: boolean;
  error: ErrorShape | null;
}

/** Recent runs, newest first. Kept current from `workflow.event` run summaries — no polling. */
export const useRuns = create<RunsState>(() => ({ runs: [], loaded: false, error: null }));

export async function refetchRuns(): Promise<void> {
  try {
    useRuns.setState({
      runs: await client.call('workflows.runs', { limit: 200 }),
      loaded: true,
      error: null,
    });
  } catch (err) {
    useRuns.setState({ loaded: true, error: toErrorShape(err) });
  }
}

export function upsertRun(list: readonly RunSummary[], run: RunSummary): RunSummary[] {
  const i = list.findIndex((r) => r.id === run.id);
  if (i < 0) return [run, ...list];
  if (list[i]!.updatedAt > run.updatedAt) return list as RunSummary[];
  const next = list.slice();
  next[i] = run;
  return next;
}

export function startRunsFeed(): () => void {
  void refetchRuns();
  return client.on('workflow.event', (ev) => {
    if (ev.type === 'run') useRuns.setState((s) => ({ runs: upsertRun(s.runs, ev.run) }));
  });
}

export const openRun = (r: Pick<RunSummary, 'id' | 'title' | 'subject'>) =>
  nav().open({ kind: 'run', runId: r.id, title: `${r.title} · ${r.subject}` });
