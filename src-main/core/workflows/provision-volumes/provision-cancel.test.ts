import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OpsdeckError } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { serviceOn, startFake } from '../../../../testing/aws/fake-setup';
import { testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowRunner } from '../engine/runner';
import { PROVISION_TAG, provisionVolumesWorkflow } from './provision-volumes';

/**
 * Cancelling a provision-volumes run reaches the AWS SDK: the run's AbortSignal aborts the
 * HTTP request in flight (the fake sees the client hang up) and the waits, so the run ends as
 * cancelled at once, not when EC2 (here: a fake slowed down to 30 s) would have answered.
 */

const SLOW = 30_000;
let fake: FakeEc2;
let env: Awaited<ReturnType<typeof serviceOn>>;

beforeAll(async () => {
  fake = await startFake({
    regions: ['us-east-1'],
    timing: { volumeCreatingMs: 0, attachingMs: SLOW },
  });
  fake.seed({ instancesPerRegion: 3 });
  env = await serviceOn(fake);
});
afterEach(() => fake.faults.clear());
afterAll(async () => {
  env.aws.destroy();
  await fake.close();
});

function runnerWith(timing: { pollMs: number; timeoutMs: number }) {
  const e = testEngine([provisionVolumesWorkflow(timing)], {
    executor: {
      exec: () => Promise.reject(new Error('no SSH in this test')),
    },
    aws: async () => env.aws,
    host: (id) => {
      throw new OpsdeckError('NOT_FOUND', `No host ${id}.`, 'none');
    },
  });
  return { runner: e.runner, audit: e.audit };
}

const instance = async (n: number) => (await env.aws.instances({ account: 'fake' })).rows[n]!;
const params = (instanceId: string) => ({
  account: 'fake',
  instanceId,
  volumes: [{ device: '/dev/sdf', sizeGiB: 8 }],
});
const logged = (runner: WorkflowRunner, runId: string, text: string) =>
  runner.detail(runId).logs.some((l) => l.text.includes(text));
/** Cancel, and how long until the run had ended. */
async function cancelTimed(runner: WorkflowRunner, runId: string) {
  const started = Date.now();
  expect(runner.cancel(runId)).toEqual({ cancelled: true });
  const summary = await runner.wait(runId);
  return { summary, ms: Date.now() - started };
}
const attachCalls = () => fake.requests.filter((r) => r.action === 'AttachVolume').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cancelling provision-volumes', () => {
  it('aborts a slow CreateVolume in flight: cancelled at once, the request hung up', async () => {
    const { instanceId } = await instance(0);
    fake.faults.delay(SLOW, { action: 'CreateVolume' });
    const hungUp = fake.hungUp.length;
    const { runner, audit } = runnerWith({ pollMs: 50, timeoutMs: 60_000 });
    const { runId } = runner.start(
      { workflow: 'provision-volumes', params: params(instanceId) },
      'cli',
    );
    await vi.waitFor(() => expect(logged(runner, runId, 'create gp3 volume 8 GiB')).toBe(true), {
      timeout: 5000,
    });
    await sleep(200); // the request has reached the fake, which sits on it
    const { summary, ms } = await cancelTimed(runner, runId);
    expect(ms).toBeLessThan(1000);
    expect(summary.status).toBe('cancelled');
    expect(
      runner
        .detail(runId)
        .steps.map((s) => [s.id, s.status])
        .slice(0, 3),
    ).toEqual([
      ['inspect', 'done'],
      ['create', 'cancelled'],
      ['attach', 'pending'],
    ]);
    await sleep(50);
    expect(fake.hungUp.slice(hungUp)).toEqual([
      { action: 'CreateVolume', region: 'us-east-1', status: 0 },
    ]);
    // The cancelled write is audited with the run, as cancelled.
    const [record] = audit.list(10).filter((r) => r.runId === runId);
    expect(record).toMatchObject({
      action: 'provision-volumes: ec2.volumes.create',
      outcome: 'failed',
      detail: expect.stringContaining('CANCELLED'),
    });
    // EC2 never answered, so nothing was made; a resume would look again (tagged) first.
    const volumes = (await env.aws.volumes({ account: 'fake' })).rows;
    expect(volumes.filter((v) => v.tags[PROVISION_TAG]?.startsWith(instanceId))).toEqual([]);
  });

  it('stops waiting for the attachment while a slow DescribeVolumes is in flight', async () => {
    const { instanceId } = await instance(1);
    const hungUp = fake.hungUp.length;
    const { runner } = runnerWith({ pollMs: 50, timeoutMs: 60_000 });
    const attaches = attachCalls();
    const { runId } = runner.start(
      { workflow: 'provision-volumes', params: params(instanceId) },
      'cli',
    );
    await vi.waitFor(() => expect(attachCalls()).toBe(attaches + 1), { timeout: 5000 });
    // The volume attaches in 30 s; from now on every poll of the wait hangs 30 s too.
    fake.faults.delay(SLOW, { action: 'DescribeVolumes' });
    await sleep(300);
    const { summary, ms } = await cancelTimed(runner, runId);
    expect(ms).toBeLessThan(1000);
    expect(summary.status).toBe('cancelled');
    expect(runner.detail(runId).steps.find((s) => s.id === 'attach')?.status).toBe('cancelled');
    await sleep(50);
    expect(fake.hungUp.slice(hungUp)).toContainEqual({
      action: 'DescribeVolumes',
      region: 'us-east-1',
      status: 0,
    });
  });

  it('stops waiting for the attachment between two polls, without sleeping out the interval', async () => {
    const { instanceId } = await instance(2);
    const { runner } = runnerWith({ pollMs: SLOW, timeoutMs: 60_000 });
    const attaches = attachCalls();
    const { runId } = runner.start(
      { workflow: 'provision-volumes', params: params(instanceId) },
      'cli',
    );
    // New volumes are available at once here; the attachment takes 30 s, as does each pause.
    await vi.waitFor(() => expect(attachCalls()).toBe(attaches + 1), { timeout: 5000 });
    await sleep(300);
    const { summary, ms } = await cancelTimed(runner, runId);
    expect(ms).toBeLessThan(1000);
    expect(summary.status).toBe('cancelled');
    expect(runner.detail(runId).steps.find((s) => s.id === 'attach')?.status).toBe('cancelled');
  });
});
