import { describe, expect, it } from 'vitest';
import { labSuite } from '../../../testing/core/lab-suite';

/**
 * The incident timeline on the lab: a workflow run started the way the app starts it (hosts by
 * inventory id) is a marker on the charts of the hosts it touched — and only theirs — that opens
 * that very run.
 */
describe('incident markers of workflow runs', () => {
  const t = labSuite();

  it('a run on db1 (by host id) is a marker on db1’s charts that opens the run; none on db3', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const db1 = t().core.hosts.get('db1');
    const { runId } = await t().call('workflows.start', {
      workflow: 'collect-facts',
      params: { hostIds: [db1.id] },
    });
    const summary = await t().core.workflows.wait(runId);
    expect(summary.status).toBe('succeeded');

    const markers = await t().call('metrics.timeline', { hosts: ['db1', 'db3'], since });
    const ofRun = markers.filter((m) => m.runId === runId);
    expect(ofRun).toEqual([
      expect.objectContaining({ kind: 'run', host: 'db1', tone: 'ok', runId }),
    ]);
    // The marker's link is the run itself: its id opens the run with its steps.
    const run = await t().call('workflows.run', { runId: ofRun[0]!.runId! });
    expect(run).toMatchObject({ id: runId, status: 'succeeded', title: ofRun[0]!.title });
    expect(run.steps.length).toBeGreaterThan(0);

    const db3Only = await t().call('metrics.timeline', { hosts: ['db3'], since });
    expect(db3Only.filter((m) => m.runId === runId)).toEqual([]);
  }, 120_000);
});
