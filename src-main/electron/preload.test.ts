/** The preload under plain Node: exposes only invoke/onEvent and bundles to code needing only electron. */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc';

const fake = await vi.hoisted(async () =>
  (await import('../../testing/electron/electron-stand-in')).createElectronStandIn(),
);
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('electron door (preload)', () => {
  beforeAll(async () => {
    fake.reset();
    await import('./preload');
  });

  function exposed() {
    const { exposeInMainWorld } = fake.module.contextBridge;
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = exposeInMainWorld.mock.calls[0] as unknown as [
      string,
      Record<string, unknown>,
    ];
    expect(key).toBe('opsdeck');
    return api as {
      invoke(method: string, params: unknown): Promise<unknown>;
      onEvent(listener: (m: EventMessage) => void): () => void;
    };
  }

  it('exposes exactly invoke and onEvent under window.opsdeck', () => {
    expect(Object.keys(exposed()).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('invokes over opsdeck:invoke, the channel main handles', async () => {
    await expect(exposed().invoke('app.info', {})).resolves.toEqual({
      ok: true,
      value: 'from-main',
    });
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledWith('opsdeck:invoke', 'app.info', {});
    expect(INVOKE_CHANNEL).toBe('opsdeck:invoke');
  });

  it('delivers opsdeck:event messages and unsubscribes', () => {
    const listener = vi.fn();
    const off = exposed().onEvent(listener);
    const { on, removeListener } = fake.module.ipcRenderer;
    expect(on).toHaveBeenCalledWith('opsdeck:event', expect.any(Function));
    expect(EVENT_CHANNEL).toBe('opsdeck:event');
    const forward = (
      on.mock.calls[0] as unknown as [string, (e: unknown, m: EventMessage) => void]
    )[1];
    const message: EventMessage = { topic: 'prompt.closed', payload: { id: 'p1' } };
    forward({ sender: 'ipc' }, message);
    expect(listener).toHaveBeenCalledWith(message);
    off();
    expect(removeListener).toHaveBeenCalledWith('opsdeck:event', forward);
  });

  it('bundles to code that requires nothing but electron (it runs in a sandboxed preload)', async () => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
  });
});
