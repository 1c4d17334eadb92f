/** The Electron door shows check changes that notify as native desktop notifications. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckEvent, CheckStatus, EventMessage } from '../contract';
import { startElectronDoor } from './door';
import { fakeServices, indexHtmlPath, preloadPath } from '../../testing/electron/door-harness';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const change = (over: Partial<CheckEvent>): CheckEvent => ({
  id: 1,
  at: '2026-12-06T01:00:00.000Z',
  checkId: 'c1',
  check: 'Load',
  host: 'db2',
  from: 'OK',
  to: 'CRITICAL',
  hard: true,
  value: 9,
  output: 'CRITICAL - load.1 = 9.00 (critical above 8.00)',
  kind: 'state',
  notify: true,
  ...over,
});

const statusEvent = (c: CheckEvent): EventMessage => ({
  topic: 'checks.changed',
  payload: { kind: 'status', status: {} as CheckStatus, change: c },
});

describe('native notifications of check changes (Electron door)', () => {
  beforeEach(() => fake.reset());

  it('shows a HARD change that notifies, and only those', async () => {
    const services = fakeServices();
    await startElectronDoor({
      compose: async () => services,
      preloadPath,
      indexHtmlPath,
      env: {},
    });
    services.bus.emit(statusEvent(change({})));
    services.bus.emit(statusEvent(change({ notify: false, hard: false, to: 'WARNING' })));
    services.bus.emit(statusEvent(change({ kind: 'flapping-start', to: 'WARNING' })));
    services.bus.emit({ topic: 'checks.changed', payload: { kind: 'definitions' } });
    expect(fake.state.notifications).toEqual([
      {
        title: 'CRITICAL: Load on db2',
        body: 'CRITICAL - load.1 = 9.00 (critical above 8.00)',
      },
      { title: 'Load on db2 is flapping', body: 'CRITICAL - load.1 = 9.00 (critical above 8.00)' },
    ]);
  });

  it('stops with the window', async () => {
    const services = fakeServices();
    await startElectronDoor({
      compose: async () => services,
      preloadPath,
      indexHtmlPath,
      env: {},
    });
    const { webContents } = fake.state.windows[0]!;
    webContents.destroyed = true;
    webContents.emit('destroyed');
    services.bus.emit(statusEvent(change({})));
    expect(fake.state.notifications).toEqual([]);
  });
});
