/** The Electron door's startup edge cases: second instance, data folder, core or renderer failing. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startElectronDoor } from './door';
import type { ComposeOptions, DoorServices } from './services';
import { fakeServices, indexHtmlPath, preloadPath } from '../../testing/electron/door-harness';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('electron door startup edge cases', () => {
  beforeEach(() => fake.reset());
  afterEach(() => vi.restoreAllMocks());

  it('quits at once when another instance holds the lock', async () => {
    fake.state.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    const compose = vi.fn();
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.state.app.quit).toHaveBeenCalled();
    expect(compose).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('uses userData as the data folder when OPSDECK_HOME is not set', async () => {
    const compose = vi.fn(async (_opts: ComposeOptions) => fakeServices());
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.state.app.setPath).not.toHaveBeenCalled();
    expect(compose.mock.calls[0]![0].dataDir).toBe('/fake/userData');
  });

  it('shows an error and exits when the core cannot start', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const compose = vi.fn(async () => {
      throw new Error('database is locked');
    });
    await startElectronDoor({ compose, preloadPath, indexHtmlPath, env: {} });
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Opsdeck could not start',
      expect.stringContaining('database is locked'),
    );
    expect(fake.state.app.exit).toHaveBeenCalledWith(1);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('opens no window when the user quits while the core is starting', async () => {
    const services = fakeServices();
    let finishCompose: (s: DoorServices) => void = () => undefined;
    const start = startElectronDoor({
      compose: () => new Promise<DoorServices>((resolve) => (finishCompose = resolve)),
      preloadPath,
      indexHtmlPath,
      env: {},
    });
    await vi.waitFor(() => expect(fake.state.app.whenReady).toHaveBeenCalled());
    await Promise.resolve();
    fake.state.app.emit('before-quit', { preventDefault: vi.fn() });
    finishCompose(services);
    await start;
    await vi.waitFor(() => expect(fake.state.app.quit).toHaveBeenCalled());
    expect(services.shutdown).toHaveBeenCalledOnce();
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.state.ipcHandlers.size).toBe(0);
  });

  it('explains a missing renderer build and still shuts the core down', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const services = fakeServices();
    fake.state.loadError = new Error('ERR_FILE_NOT_FOUND (-6)');
    await startElectronDoor({ compose: async () => services, preloadPath, indexHtmlPath, env: {} });
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      'Opsdeck could not start',
      expect.stringContaining('npm run build'),
    );
    expect(services.shutdown).toHaveBeenCalledOnce();
    expect(fake.state.app.exit).toHaveBeenCalledWith(1);
  });
});
