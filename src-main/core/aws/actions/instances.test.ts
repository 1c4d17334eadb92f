import { describe, expect, it } from 'vitest';
import { failure } from '../../../../testing/aws/failure';
import { fakeSuite } from '../../../../testing/aws/fake-suite';
import {
  consoleOutput,
  rebootInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from './instances';
import { updateTags } from './tags';

const t = fakeSuite();

describe('instance actions', () => {
  it('stops, starts, reboots and terminates with state transitions and audit', async () => {
    const ctx = t.env.ctx();
    const [target] = (await t.instancesIn()).filter((i) => i.name.startsWith('app-'));
    const id = target!.instanceId;

    expect((await stopInstances(ctx, [id])).results).toEqual([
      { region: 'us-east-1', resourceId: id, detail: 'running → stopping' },
    ]);
    expect((await t.instance(id))?.state).toBe('stopping');
    t.fake.advance(1500);
    expect((await t.instance(id))?.state).toBe('stopped');

    expect((await startInstances(ctx, [id])).results[0]?.detail).toBe('stopped → pending');
    t.fake.advance(1500);
    expect((await t.instance(id))?.state).toBe('running');

    await rebootInstances(ctx, [id]);
    expect((await consoleOutput(ctx, id)).output).toContain('reboot: Restarting system');

    const refused = await failure(terminateInstances(ctx, [id], undefined));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain(`${id} (${target!.name})`);
    expect(refused.hint).toContain(target!.name);
    expect((await t.instance(id))?.state).toBe('running');

    expect((await terminateInstances(ctx, [id], target!.name)).results[0]?.detail).toBe(
      'running → shutting-down',
    );
    t.fake.advance(1500);
    expect((await t.instance(id))?.state).toBe('terminated');

    const actions = t.env.audit
      .list(20, 'aws:fake/us-east-1')
      .filter((a) => a.detail.includes(id))
      .map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual([
      'ec2.instances.terminate:ok',
      'ec2.instances.reboot:ok',
      'ec2.instances.start:ok',
      'ec2.instances.stop:ok',
    ]);
  });

  it('sets and removes tags', async () => {
    const [target] = await t.instancesIn('ap-southeast-2');
    await updateTags(
      t.env.ctx('ap-southeast-2'),
      [target!.instanceId],
      { Owner: 'ops', Name: 'renamed' },
      ['Env'],
    );
    const after = await t.instance(target!.instanceId, 'ap-southeast-2');
    expect(after?.name).toBe('renamed');
    expect(after?.tags).toMatchObject({ Owner: 'ops' });
    expect(after?.tags.Env).toBeUndefined();
  });

  it('maps an unknown instance to AWS_NOT_FOUND', async () => {
    const err = await failure(stopInstances(t.env.ctx(), ['i-0123456789abcdef0']));
    expect(err.code).toBe('AWS_NOT_FOUND');
    expect(err.message).toContain('i-0123456789abcdef0');
  });
});
