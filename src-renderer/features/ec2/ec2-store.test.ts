import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OpsdeckError } from '../../../src-main/contract';

/** A core stand-in: listings wait until the test answers them; ec2.cancel aborts them. */
const core = vi.hoisted(() => {
  interface Pending {
    method: string;
    params: { region?: string; requestId?: string };
    resolve(value: unknown): void;
    reject(err: unknown): void;
  }
  const pending: Pending[] = [];
  const cancelled: string[] = [];
  const accounts = { calls: 0, fail: null as Error | null };
  const call = async (method: string, params: Pending['params'] & { requestId?: string }) => {
    if (method === 'ec2.accounts.list') {
      accounts.calls++;
      if (accounts.fail) throw accounts.fail;
      return [{ id: 'a1', name: 'prod', auth: 'default-chain', defaultRegion: 'us-east-1' }];
    }
    if (method === 'ec2.cancel') {
      cancelled.push(params.requestId!);
      const p = pending.find((x) => x.params.requestId === params.requestId);
      p?.reject(Object.assign(new Error('cancelled'), { code: 'CANCELLED' }));
      return { cancelled: Boolean(p) };
    }
    return new Promise((resolve, reject) => pending.push({ method, params, resolve, reject }));
  };
  const listeners = new Set<(p: unknown) => void>();
  const on = (topic: string, l: (p: unknown) => void) => {
    if (topic !== 'ec2.changed') throw new Error(`unexpected topic ${topic}`);
    listeners.add(l);
    return () => void listeners.delete(l);
  };
  const changed = (method: string) =>
    listeners.forEach((l) => l({ account: 'a1', region: 'us-west-2', method }));
  return { pending, cancelled, accounts, call, on, changed, listeners };
});

vi.mock('../../api', () => ({ client: { call: core.call, on: core.on } }));

const { ec2Feed, refetchAccounts, setEc2Visible, setScope, useEc2 } = await import('./ec2-store');

const flush = () => new Promise((r) => setTimeout(r, 0));
const listing = (region: string) =>
  core.pending.find((p) => p.method === 'ec2.instances' && p.params.region === region)!;

beforeEach(() => {
  core.pending.length = 0;
  core.cancelled.length = 0;
});

describe('EC2 listings are cancelled when nobody wants them any more', () => {
  it('cancels the listing of a region switched away from, and shows no error for it', async () => {
    await refetchAccounts();
    setEc2Visible(true);
    await flush();
    const first = listing('us-east-1');
    expect(first.params.requestId).toMatch(/^ec2-/);

    setScope({ region: 'eu-west-1' });
    await flush();
    expect(core.cancelled).toEqual([first.params.requestId]);
    const second = listing('eu-west-1');
    expect(second.params.requestId).not.toBe(first.params.requestId);
    second.resolve({ rows: [{ instanceId: 'i-1', region: 'eu-west-1' }], failedRegions: [] });
    await flush();

    const data = useEc2.getState().data.instances!;
    expect(data.failed).toEqual([]);
    expect(data.loading).toBe(false);
    expect(data.rows).toEqual([{ instanceId: 'i-1', region: 'eu-west-1', account: 'prod' }]);
  });

  it('cancels what is in flight when the area is left, and lists again on return', async () => {
    setScope({ region: 'ap-southeast-2' });
    await flush();
    const inFlight = listing('ap-southeast-2');
    setEc2Visible(false);
    await flush();
    expect(core.cancelled).toContain(inFlight.params.requestId);
    const data = useEc2.getState().data.instances!;
    expect(data).toMatchObject({ loading: false, stale: true, failed: [] });

    setEc2Visible(true);
    await flush();
    const again = core.pending.filter((p) => p.params.region === 'ap-southeast-2');
    expect(again).toHaveLength(2);
    again[1]!.resolve({ rows: [], failedRegions: [] });
    await flush();
    expect(useEc2.getState().data.instances).toMatchObject({ loading: false, failed: [] });
  });

  it('still shows a real failure', async () => {
    setScope({ region: 'us-west-2' });
    await flush();
    listing('us-west-2').reject(
      new OpsdeckError('AWS_UNAUTHORIZED', 'not allowed', 'grant ec2:DescribeInstances'),
    );
    await flush();
    expect(useEc2.getState().data.instances!.failed).toEqual([
      {
        account: 'prod',
        region: 'us-west-2',
        error: expect.objectContaining({ code: 'AWS_UNAUTHORIZED' }),
      },
    ]);
  });
});

describe('EC2 follows ec2.changed through its feed store', () => {
  it('a burst fetches the accounts once, then lists the table on screen again', async () => {
    setScope({ region: 'eu-north-1' });
    await flush();
    listing('eu-north-1').resolve({ rows: [{ instanceId: 'i-9', region: 'eu-north-1' }] });
    await flush();
    const stop = ec2Feed.start();
    try {
      await flush();
      await flush();
      const calls = core.accounts.calls;
      const listed = core.pending.filter((p) => p.params.region === 'eu-north-1').length;
      for (const m of ['ec2.instances.stop', 'ec2.instances.stop', 'ec2.volumes.create'])
        core.changed(m);
      await new Promise((r) => setTimeout(r, 200));
      expect(core.accounts.calls).toBe(calls);
      await new Promise((r) => setTimeout(r, 200));
      expect(core.accounts.calls).toBe(calls + 1);
      const again = core.pending.filter((p) => p.params.region === 'eu-north-1');
      expect(again).toHaveLength(listed + 1);
      // The rows shown stay while the new listing runs.
      expect(useEc2.getState().data.instances).toMatchObject({
        loading: true,
        rows: [{ instanceId: 'i-9', region: 'eu-north-1', account: 'prod' }],
      });
      again.at(-1)!.resolve({ rows: [] });
      await flush();
      expect(useEc2.getState().data.instances).toMatchObject({ loading: false, rows: [] });
    } finally {
      stop();
    }
    expect(core.listeners.size).toBe(0);
  });

  it('a failed accounts fetch keeps the accounts shown and says why', async () => {
    core.accounts.fail = new OpsdeckError('TIMEOUT', 'The core did not answer.', 'Reconnect.');
    try {
      ec2Feed.resync();
      await flush();
      expect(useEc2.getState()).toMatchObject({
        accounts: [{ name: 'prod' }],
        loaded: true,
        error: { code: 'TIMEOUT' },
      });
    } finally {
      core.accounts.fail = null;
    }
    await refetchAccounts();
    expect(useEc2.getState().error).toBeNull();
  });
});
