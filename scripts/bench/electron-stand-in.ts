/**
 * The `electron` module for the relay bench under plain Node (bundled in by relay-lag.mjs): the
 * utilityProcess stand-in (a real Node child; a lag probe preloaded into it), MessageChannelMain
 * (real cross-process ports: socket-port.mjs) and an ipcMain that records handlers and
 * listeners, which is all the relay code (electron/ipc.ts, core-process/) uses.
 */
import { SocketChannel } from '../../testing/electron/socket-port.mjs';
import { createUtilityProcessStandIn } from '../../testing/electron/utility-process-stand-in';

export const handlers = new Map<string, (...args: unknown[]) => unknown>();
export const listeners = new Map<string, (...args: unknown[]) => unknown>();
export const ipcMain = {
  handle(channel: string, handler: (...args: unknown[]) => unknown) {
    handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
  on(channel: string, listener: (...args: unknown[]) => unknown) {
    listeners.set(channel, listener);
  },
};
export const MessageChannelMain = SocketChannel;

const base = createUtilityProcessStandIn();
const probe = process.env.BENCH_LAG_PROBE;
export const forks = base.forks;
export const utilityProcess = {
  fork: (modulePath: string, args?: string[], options?: Record<string, unknown>) =>
    base.fork(modulePath, args, {
      ...options,
      ...(probe ? { execArgv: ['--import', probe] } : {}),
    }),
};
