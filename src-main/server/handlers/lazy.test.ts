import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../contract';
import { AREAS } from '../../core/core-areas';
import { composeServices, type Services } from '../compose';
import { lazyHandlers } from './lazy';

// Loading the workflow area imports most of the core (SSH, MySQL, the AWS SDK): give it time.
describe('handlers loaded on first use', { timeout: 30_000 }, () => {
  let home: string;
  let services: Services;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'opsdeck-lazy-'));
    services = await composeServices({
      door: 'cli',
      dataDir: home,
      areas: 'lazy',
      localSocket: false,
      vaultPassphrase: 'lazy-test-passphrase',
      knownHostsFiles: [],
    });
  });
  afterAll(async () => {
    await services.shutdown();
    rmSync(home, { recursive: true, force: true });
  });

  it('serves the inventory without loading SSH, tunnels, MySQL, EC2 or workflows', async () => {
    expect(await services.router.call('hosts.list', {}, { door: 'cli' })).toEqual({
      ok: true,
      value: [],
    });
    expect(AREAS.filter((a) => services.core.isLoaded(a))).toEqual([]);
  });

  it('lists the backup catalog and its schedules from the store alone', async () => {
    const list = await services.router.call('backups.list', {}, { door: 'cli' });
    expect(list).toEqual({ ok: true, value: [] });
    expect(await services.router.call('backups.schedules.list', {}, { door: 'cli' })).toEqual({
      ok: true,
      value: [],
    });
    expect(AREAS.filter((a) => services.core.isLoaded(a))).toEqual(['backups']);
    // A CLI's own core never runs schedules.
    expect(services.core.schedules.running).toBe(false);
  });

  it('loads what a method needs: workflows brings SSH, MySQL, HAProxy, failover, the backup catalog and config diff along, not EC2', async () => {
    const runs = await services.router.call('workflows.runs', { limit: 5 }, { door: 'cli' });
    expect(runs).toEqual({ ok: true, value: [] });
    expect(AREAS.filter((a) => services.core.isLoaded(a)).sort()).toEqual(
      // diff: config-push keeps its baseline in the snapshot store; backups: the backup workflows.
      // EC2 (the AWS SDK) loads when a run first calls it (core/aws/workflow-ec2.ts).
      ['backups', 'diff', 'failover', 'haproxy', 'mysql', 'ssh', 'workflows'].sort(),
    );
  });

  it('resolves a handler for every method of the contract', async () => {
    const resolve = lazyHandlers(services.core);
    for (const method of Object.keys(methods) as MethodName[])
      expect(typeof (await resolve(method)), method).toBe('function');
  });
});
