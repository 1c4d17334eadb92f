import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { OpsdeckError } from '../../contract/errors';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { EventTopic } from '../../contract';
import type { Connect } from '../connection';
import type { CallContext } from '../router';
import { jsonEventFrame, openSession, type Session } from '../session';
import { lineReader } from './frames';
import type { CoreHello, HelloReply } from './protocol';
import { localSocketPath, tokenPath } from './socket-path';

export interface LocalSocketOptions {
  dataDir: string;
  /** Opens the core connection of each attached client (`Services.connect`). */
  connect: Connect;
  /** Who this core is, told to every client that attaches. */
  core: { ownerId: string; door: string; pid: number; version: string };
  /** Fixed token (tests); default: a fresh random one, written 0600 to the data folder. */
  token?: string;
  /** How long a client has to say hello with the token (default 5 s). */
  helloTimeoutMs?: number;
}

export interface LocalSocketServer {
  path: string;
  /** Connected clients right now. */
  readonly clients: number;
  close(): Promise<void>;
}

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The core's local door: a unix socket in the data folder (a named pipe on Windows) that only
 * the owner may open (0700 folder, 0600 socket) and that needs the token from the 0600 token
 * file besides. Attached clients (a CLI, a second CLI, the Electron relay) speak the envelope
 * protocol of web mode, as the `cli` door, after a hello that carries the token.
 * Call only while holding the lease: a socket file left by a crashed core is replaced.
 */
export async function serveLocalSocket(o: LocalSocketOptions): Promise<LocalSocketServer> {
  const path = localSocketPath(o.dataDir);
  const token = o.token ?? randomBytes(32).toString('base64url');
  const windows = process.platform === 'win32';
  if (!windows) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // The socket's folder must be ours (a shared temp folder could hold one made by another user).
    if (statSync(dirname(path)).uid !== process.getuid?.())
      throw new OpsdeckError(
        'UNAUTHORIZED',
        `${dirname(path)} belongs to another user: the core's socket cannot be made private there.`,
        'Remove that folder (or set OPSDECK_HOME to a shorter path), then start again.',
      );
    chmodSync(dirname(path), 0o700);
    chmodSync(o.dataDir, 0o700);
    rmSync(path, { force: true });
  }
  writeFileSync(tokenPath(o.dataDir), token, { mode: 0o600 });
  if (!windows) chmodSync(tokenPath(o.dataDir), 0o600);

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    accept(socket, o, token);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Created 0600 from the start (umask), so there is no moment another user could connect.
    const umask = windows ? undefined : process.umask(0o177);
    server.listen(path, () => {
      if (umask !== undefined) process.umask(umask);
      resolve();
    });
  });
  if (!windows) chmodSync(path, 0o600);

  return {
    path,
    get clients() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        if (!windows) rmSync(path, { force: true });
        rmSync(tokenPath(o.dataDir), { force: true });
      }),
  };
}

function accept(socket: Socket, o: LocalSocketOptions, token: string): void {
  let session: Session | undefined;
  const write = (frame: string) => socket.write(`${frame}\n`);
  const refuse = (message: string, hint: string) => {
    const reply: HelloReply = { refused: { code: 'UNAUTHORIZED', message, hint } };
    socket.end(`${JSON.stringify(reply)}\n`);
  };
  const timer = setTimeout(
    () => refuse('No hello in time.', 'Send {"hello":{"token":…}} first.'),
    o.helloTimeoutMs ?? 5_000,
  );
  const read = lineReader((line) => {
    if (session) return session.receive(line);
    clearTimeout(timer);
    let hello: CoreHello['hello'] | undefined;
    try {
      hello = (JSON.parse(line) as Partial<CoreHello>).hello;
    } catch {
      hello = undefined;
    }
    if (!hello || typeof hello.token !== 'string' || !safeEqual(hello.token, token))
      return refuse(
        'Wrong or missing token for the local core.',
        'Read the token from core.token in the data folder (only its owner can).',
      );
    const connection = o.connect(door(hello.door));
    const id = connection.id;
    const topics = Array.isArray(hello.topics) ? new Set<string>(hello.topics) : undefined;
    const exclude = new Set<string>(Array.isArray(hello.exclude) ? hello.exclude : []);
    session = openSession(
      {
        reply: (id, envelope) => write(JSON.stringify({ id, envelope })),
        event: (event) => write(jsonEventFrame(event)),
        isOpen: () => !socket.destroyed && socket.writable,
      },
      {
        connection,
        ...(topics || exclude.size
          ? { wants: (t: EventTopic) => (!topics || topics.has(t)) && !exclude.has(t) }
          : {}),
      },
    );
    const reply: HelloReply = { welcome: { session: id, core: o.core } };
    write(JSON.stringify(reply));
  });
  socket.on('data', (chunk: Buffer) => {
    if (!read(chunk)) socket.destroy();
  });
  socket.on('close', () => {
    clearTimeout(timer);
    session?.close();
  });
}

/** An attached client is the CLI unless it says it relays a window (the Electron main process). */
const door = (asked: unknown): CallContext['door'] => (asked === 'electron' ? 'electron' : 'cli');
