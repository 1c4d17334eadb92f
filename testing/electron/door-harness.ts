/** Shared pieces of the Electron door tests: app paths, a fake core, IPC calls as a frame makes them. */
import path from 'node:path';
import { expect, vi } from 'vitest';
import type { Envelope, EventMessage } from '../../src-main/contract';
import { connectionFactory } from '../../src-main/server/connection';
import { startElectronDoor } from '../../src-main/electron/door';
import type { ComposeOptions, DoorServices } from '../../src-main/electron/services';
import type { ElectronStandIn } from './electron-stand-in';

export const root = path.resolve('/opt/opsdeck');
export const preloadPath = path.join(root, 'dist/main/electron/preload.cjs');
export const indexHtmlPath = path.join(root, 'dist/renderer/index.html');
export const appUrl = 'app://opsdeck/index.html';
export const home = path.resolve('/tmp/opsdeck-home');

export function fakeServices() {
  const listeners = new Set<(message: EventMessage) => void>();
  const services = {
    router: {
      call: vi.fn(
        async (
          method: unknown,
          _params: unknown,
          _ctx: { door: string },
        ): Promise<Envelope<unknown>> => ({
          ok: true,
          value: { method },
        }),
      ),
    },
    bus: {
      subscribe: vi.fn((listener: (message: EventMessage) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }),
      emit(message: EventMessage) {
        for (const listener of listeners) listener(message);
      },
      get size() {
        return listeners.size;
      },
    },
    /** Connections closed (their ids), as the core would release their subscriptions. */
    released: [] as string[],
    connect: (door: 'electron') => connect(door),
    shutdown: vi.fn(async () => undefined),
  };
  const connect = connectionFactory({
    router: services.router,
    bus: services.bus,
    released: (id) => services.released.push(id),
  });
  const _shape: DoorServices = services;
  return services;
}

/** The sender of IPC calls in these tests: one window's web contents. */
export const appSender = {
  id: 1000,
  listeners: [] as (() => void)[],
  once(_event: 'destroyed', listener: () => void) {
    this.listeners.push(listener);
  },
};

/** The event object Electron passes to ipcMain.handle listeners, reduced to what the door reads. */
export const fromFrame = (url: string, parent: unknown = null) => ({
  senderFrame: { url, parent },
  sender: appSender,
});

export async function invoke(
  fake: ElectronStandIn,
  event: unknown,
  method: unknown,
  params: unknown,
): Promise<Envelope<unknown>> {
  const handler = fake.state.ipcHandlers.get('opsdeck:invoke');
  if (!handler) throw new Error('opsdeck:invoke is not registered');
  return (await handler(event, method, params)) as Envelope<unknown>;
}

export function onlyWindow(fake: ElectronStandIn) {
  expect(fake.state.windows).toHaveLength(1);
  return fake.state.windows[0]!;
}

/** Starts the door on the stand-in with a fake core, as the app starts it with OPSDECK_HOME set. */
export async function startDoorWithFakeCore(fake: ElectronStandIn) {
  fake.reset();
  const services = fakeServices();
  const composed: ComposeOptions[] = [];
  await startElectronDoor({
    compose: async (opts) => {
      composed.push(opts);
      return services;
    },
    preloadPath,
    indexHtmlPath,
    env: { OPSDECK_HOME: home },
  });
  return { services, composed };
}
