/** Types of socket-port.mjs (plain JS so the parentPort shim and bench scripts load it as is). */
import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

export class SocketPort extends EventEmitter {
  constructor(socket: Socket | Promise<Socket>);
  readonly ready: Promise<Socket>;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export class SocketChannel {
  readonly port1: SocketPort;
  readonly port2: SocketPort;
}

/** A channel's meeting point: a Unix socket path, or `\\.\pipe\…` on Windows. */
export function channelPath(pid: number, n: number, platform?: NodeJS.Platform): string;
export const PORT_MESSAGE: string;
export function sendWithPort(
  child: ChildProcess,
  message: unknown,
  port: SocketPort,
): Promise<void>;
export function receivedPort(
  message: unknown,
  handle: unknown,
): { data: unknown; ports: SocketPort[] } | undefined;
export function orderedSender(child: ChildProcess): (message: unknown, port?: SocketPort) => void;
