import { describe, expect, it } from 'vitest';
import {
  CFG,
  fakeProxyHost as proxy,
  fakeProxyShell,
  labConfig as lab,
  firstReloadFails,
  rejection,
  statCsv,
} from '../../../testing/core/fake-proxy-shell';
import { moveWriters, prepareStandbys } from './traffic';

const db = (i: number) => ({ name: `db${i}`, address: `10.0.0.${i}`, port: 3306 });
const BACKUP = `${CFG}.opsdeck-20261207T140000123Z`;
const move = {
  proxy,
  section: 'writer',
  from: db(1),
  to: db(2),
  oldMaster: 'remove' as const,
  standbys: [],
  note: 'db2 (test)',
  stamp: '20261207T140000123Z',
  sleep: () => Promise.resolve(),
  proveTimeoutMs: 60_000,
};
/** db2 in the writers' section as the stats show it once the new config is loaded, read after read. */
const db2Shows =
  (...states: [string, string][]) =>
  (loaded: string, n: number) =>
    statCsv(
      loaded.includes('server db2')
        ? [['writer', 'db2', ...(states[n - 1] ?? states.at(-1) ?? ['', ''])]]
        : [['writer', 'db1', 'UP', 'L7OK']],
    );

describe('moving the writers by a reload (traffic.ts)', () => {
  it('a failed reload puts the previous config back, reloads it, and names the copy', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      onReload: firstReloadFails,
      stats: db2Shows(['UP', 'L7OK']),
    });
    const err = await rejection(moveWriters(proxyHost.shell, move));
    expect(err).toMatchObject({
      message: expect.stringMatching(/^HAProxy on proxy1 did not reload with the new config/),
      hint: expect.stringContaining(
        `The previous config was put back (from ${BACKUP}) and reloaded.`,
      ),
    });
    expect(proxyHost.files.get(CFG)).toBe(lab);
    expect(proxyHost.reloads()).toBe(2);
  });

  it('after the reload the new master counts as UP only once a health check passed', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      stats: db2Shows(['UP 1/2', 'INI'], ['UP', 'L7OK/0 in 2ms']),
    });
    const moved = await moveWriters(proxyHost.shell, move);
    expect(moved).toMatchObject({ reloaded: true, backupPath: BACKUP });
    expect(moved.proof).toMatchObject({ name: 'db2', status: 'UP' });
    expect(proxyHost.statReads()).toBe(2);
  });

  it('a new master whose check fails after the reload is rolled back: TRAFFIC_PROBE_FAILED', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      stats: db2Shows(['UP 1/2', 'INI'], ['DOWN', 'L4CON in 0ms']),
    });
    const err = await rejection(moveWriters(proxyHost.shell, move));
    expect(err).toMatchObject({
      code: 'TRAFFIC_PROBE_FAILED',
      message: expect.stringContaining('db2 UP in writer (it shows "DOWN", check L4CON in 0ms)'),
      hint: expect.stringMatching(/^The previous config was put back \(from .*\) and reloaded\./),
    });
    expect(proxyHost.files.get(CFG)).toBe(lab);
  });

  it('standbys added by a reload: a failed reload is rolled back too', async () => {
    const proxyHost = fakeProxyShell({
      configPath: CFG,
      config: lab,
      onReload: firstReloadFails,
      stats: db2Shows(['UP', 'L7OK']),
    });
    const err = await rejection(
      prepareStandbys(proxyHost.shell, {
        ...move,
        active: db(1),
        standbys: [db(2)],
      }),
    );
    expect(err.hint).toContain(`The previous config was put back (from ${BACKUP}) and reloaded.`);
    expect(proxyHost.files.get(CFG)).toBe(lab);
    expect(proxyHost.reloads()).toBe(2);
  });
});
