/**
 * Attaching to a running core over its local socket. Light on purpose (node:net and node:fs, no
 * contract schemas): a CLI that attaches never loads the core's code.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Envelope, EventMessage, EventTopic } from '../../contract/index';
import { lineReader } from './frames';
import type { AttachedCore, CoreHello, HelloReply } from './protocol';
import { localSocketPath, tokenPath } from './socket-path';

export interface LocalConnection {
  session: string;
  core: AttachedCore;
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** Called once when the core goes away (or `close` was called). */
  onClose(listener: () => void): void;
  close(): void;
}

export interface AttachOptions {
  dataDir: string;
  topics?: EventTopic[];
  exclude?: EventTopic[];
  door?: 'cli' | 'electron';
  /** Give up connecting after this long (default 2 s). */
  timeoutMs?: number;
}

/** Why attaching failed: nothing listens (start a core), or something is wrong (say so). */
export class AttachError extends Error {
  constructor(
    readonly reason: 'absent' | 'refused' | 'failed',
    message: string,
    readonly hint = '',
  ) {
    super(message);
  }
}

const lost = (method: string): Envelope<unknown> => ({
  ok: false,
  error: {
    code: 'CORE_UNAVAILABLE',
    message: `The connection to the Opsdeck core was lost before ${method} answered.`,
    hint: 'Check whether it finished (it may have) before running it again.',
  },
});

/**
 * Connect to the data folder's core and say hello with the token. Rejects with an AttachError:
 * `absent` when no core listens (no socket, nobody at it, or no token file).
 */
export function attachLocalCore(o: AttachOptions): Promise<LocalConnection> {
  let token: string;
  try {
    token = readFileSync(tokenPath(o.dataDir), 'utf8').trim();
  } catch {
    return Promise.reject(new AttachError('absent', 'No core token in the data folder.'));
  }
  const socket = connect(localSocketPath(o.dataDir));
  return new Promise<LocalConnection>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AttachError('failed', 'The core did not answer on its socket in time.'));
    }, o.timeoutMs ?? 2_000);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const absent = err.code === 'ENOENT' || err.code === 'ECONNREFUSED';
      reject(
        absent
          ? new AttachError('absent', 'No core is listening.')
          : new AttachError(
              'failed',
              `Cannot open the core's socket: ${err.code ?? err.message}`,
              'Only the user who owns the data folder can attach to its core.',
            ),
      );
    });
    let connection: ReturnType<typeof connectionOver> | undefined;
    const read = lineReader((line) => {
      if (connection) return connection.receive(line);
      clearTimeout(timer);
      const reply = JSON.parse(line) as HelloReply;
      if ('refused' in reply) {
        socket.destroy();
        return reject(new AttachError('refused', reply.refused.message, reply.refused.hint));
      }
      connection = connectionOver(socket, reply.welcome.session, reply.welcome.core);
      resolve(connection.api);
    });
    socket.on('data', (chunk: Buffer) => {
      if (!read(chunk)) socket.destroy();
    });
    socket.once('connect', () => {
      const hello: CoreHello = {
        hello: {
          token,
          ...(o.topics ? { topics: o.topics } : {}),
          ...(o.exclude ? { exclude: o.exclude } : {}),
          door: o.door ?? 'cli',
        },
      };
      socket.write(`${JSON.stringify(hello)}\n`);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (!connection) reject(new AttachError('absent', 'The core closed the connection.'));
    });
  });
}

function connectionOver(socket: Socket, session: string, core: AttachedCore) {
  const pending = new Map<number, { method: string; resolve(e: Envelope<unknown>): void }>();
  const listeners = new Set<(message: EventMessage) => void>();
  const closeListeners = new Set<() => void>();
  let nextId = 0;
  let closed = false;
  socket.once('close', () => {
    closed = true;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve(lost(p.method));
    }
    for (const l of closeListeners) l();
  });
  socket.on('error', () => socket.destroy());
  const api: LocalConnection = {
    session,
    core,
    invoke(method, params) {
      if (closed) return Promise.resolve(lost(method));
      const id = ++nextId;
      return new Promise((resolve) => {
        pending.set(id, { method, resolve });
        socket.write(`${JSON.stringify({ id, method, params })}\n`);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.add(listener);
    },
    close() {
      socket.end();
      socket.destroy();
    },
  };
  return {
    api,
    receive(line: string) {
      const msg = JSON.parse(line) as {
        id?: number;
        envelope?: Envelope<unknown>;
        event?: EventMessage;
      };
      if (msg.event) {
        for (const l of [...listeners]) l(msg.event);
        return;
      }
      const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (p && msg.envelope) {
        pending.delete(msg.id as number);
        p.resolve(msg.envelope);
      }
    },
  };
}
