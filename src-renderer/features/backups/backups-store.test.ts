import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpsdeckError } from '../../../src-main/contract';

/** A core stand-in: the catalog the test sets, its events, and the workflow events of runs. */
const core = vi.hoisted(() => {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const state = {
    entries: [] as { id: string }[],
    fail: null as Error | null,
    lists: 0,
  };
  const call = (method: string) => {
    if (method === 'backups.list') {
      state.lists++;
      return state.fail ? Promise.reject(state.fail) : Promise.resolve(state.entries);
    }
    if (method === 'backups.schedules.list') return Promise.resolve([]);
    if (method === 'workflows.start') return Promise.resolve({ runId: 'r1' });
    return Promise.reject(new Error(`unexpected ${method}`));
  };
  const on = (topic: string, l: (p: unknown) => void) => {
    const set = listeners.get(topic) ?? new Set();
    listeners.set(topic, set.add(l));
    return () => void set.delete(l);
  };
  const emit = (topic: string, p: unknown) => listeners.get(topic)?.forEach((l) => l(p));
  return { state, call, on, emit, listeners };
});

vi.mock('../../api', () => ({ client: { call: core.call, on: core.on } }));
vi.mock('../../app/nav-store', () => ({ nav: () => ({ open: () => undefined }) }));

const { backupsFeed, followBackupRuns, startRun, useBackups } = await import('./backups-store');

describe('the backups store on the feed helper', () => {
  const stops: (() => void)[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    core.state.entries = [{ id: 'b1' }, { id: 'b2' }];
    core.state.fail = null;
    core.state.lists = 0;
  });
  afterEach(() => {
    stops.splice(0).forEach((s) => s());
    vi.useRealTimers();
  });

  it('fetches at start, selects the first entry, keeps a selection that still exists', async () => {
    stops.push(backupsFeed.start());
    await vi.runAllTimersAsync();
    expect(useBackups.getState()).toMatchObject({ selected: 'b1', loaded: true, error: null });
    useBackups.setState({ selected: 'b2' });
    core.state.entries = [{ id: 'b3' }, { id: 'b2' }];
    await backupsFeed.refetch();
    expect(useBackups.getState().selected).toBe('b2');
    core.state.entries = [{ id: 'b3' }];
    await backupsFeed.refetch();
    expect(useBackups.getState().selected).toBe('b3');
  });

  it('a burst of backups.changed fetches once after 150 ms', async () => {
    stops.push(backupsFeed.start());
    await vi.runAllTimersAsync();
    const before = core.state.lists;
    for (let i = 0; i < 4; i++) core.emit('backups.changed', { kind: 'catalog' });
    await vi.advanceTimersByTimeAsync(149);
    expect(core.state.lists).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(core.state.lists).toBe(before + 1);
  });

  it('a failed fetch keeps the catalog shown and says why', async () => {
    await backupsFeed.refetch();
    core.state.fail = new OpsdeckError('TIMEOUT', 'The core did not answer.', 'Reconnect.');
    backupsFeed.resync();
    await vi.runAllTimersAsync();
    expect(useBackups.getState()).toMatchObject({
      entries: [{ id: 'b1' }, { id: 'b2' }],
      error: { code: 'TIMEOUT' },
    });
  });

  it("follows the action's run: progress, then its end fetches the catalog again", async () => {
    stops.push(followBackupRuns());
    await startRun('Backup of db1 (dump)', { workflow: 'backup-verify', params: { backupId: 'b1' } });
    expect(useBackups.getState().action).toMatchObject({ runId: 'r1', status: 'running' });
    const progress = { step: 's', done: 5, total: 10, unit: 'bytes' };
    core.emit('workflow.event', { runId: 'other', type: 'progress', progress });
    expect(useBackups.getState().action?.progress).toBeUndefined();
    core.emit('workflow.event', { runId: 'r1', type: 'progress', progress });
    expect(useBackups.getState().action?.progress).toEqual(progress);
    const before = core.state.lists;
    core.emit('workflow.event', { runId: 'r1', type: 'run', run: { status: 'succeeded' } });
    await vi.runAllTimersAsync();
    expect(useBackups.getState().action).toEqual({
      label: 'Backup of db1 (dump)',
      runId: 'r1',
      status: 'succeeded',
    });
    expect(core.state.lists).toBe(before + 1);
  });
});
