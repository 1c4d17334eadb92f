import { contribute, tab } from '../../app/contributions';
import { useNav } from '../../app/nav-store';
import { StatusDot } from '../../ui/Status';
import { PlanTab } from './PlanTab';
import { RunTab } from './RunTab';
import { RunsArea } from './RunsArea';
import { runsFeed, useRuns } from './runs-store';

const useRunning = () => useRuns((s) => s.runs.filter((r) => r.status === 'running').length);

function RunningStatus() {
  const running = useRunning();
  const goArea = useNav((s) => s.goArea);
  if (running === 0) return null;
  return (
    <button type="button" className="sb-item sb-button" onClick={() => goArea('runs')}>
      <StatusDot tone="busy" /> {running} run{running > 1 ? 's' : ''} in progress
    </button>
  );
}

/** Workflow runs: the Runs area, run and plan tabs, how many are running. */
contribute({
  areas: [
    {
      id: 'runs',
      label: 'Runs',
      order: 70,
      Screen: RunsArea,
      useBadge: () => {
        const count = useRunning();
        return { count, title: `${count} running` };
      },
    },
  ],
  tabs: [
    tab({ kind: 'run', label: 'Run', View: ({ tab: t }) => <RunTab runId={t.runId} /> }),
    tab({
      kind: 'plan',
      label: 'Plan',
      View: ({ tab: t }) => <PlanTab request={t.request} runnable />,
    }),
  ],
  feeds: [runsFeed],
  statusItems: [RunningStatus],
});
