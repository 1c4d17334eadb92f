/**
 * The local door: a client with the token attaches and speaks the envelope protocol; a wrong
 * token is refused; only the owner can open the socket (0700 folder, 0600 socket and token).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, type EventMessage } from '../../contract';
import { callScope } from '../../core/call-scope';
import { createEventBus } from '../../core/event-bus';
import { createRouter, type Handlers } from '../router';
import { attachLocalCore, AttachError } from './local-client';
import { connectionFactory } from '../connection';
import { serveLocalSocket, type LocalSocketServer } from './local-server';
import { localSocketPath, shortSocketDir, tokenPath } from './socket-path';

const isRoot = process.getuid?.() === 0;

function router() {
  const fail = () => {
    throw new Error('not used');
  };
  const all = Object.fromEntries(Object.keys(methods).map((m) => [m, fail])) as unknown as Handlers;
  const handlers: Handlers = {
    ...all,
    'app.info': (_p, call) => ({
      version: 'test',
      door: call.door,
      dataDir: callScope.current()?.session ?? 'no session',
      platform: 'linux',
    }),
  };
  return createRouter(handlers);
}

describe('local socket door', () => {
  let home: string;
  let server: LocalSocketServer;
  const bus = createEventBus();

  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'opsdeck-sock-'));
    server = await serveLocalSocket({
      dataDir: home,
      connect: connectionFactory({ router: router(), bus, released: () => undefined }),
      core: { ownerId: 'owner-1', door: 'electron', pid: 123, version: 'test' },
    });
  });
  afterEach(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('attaches with the token: calls reach the router as the cli door with the session id', async () => {
    const conn = await attachLocalCore({ dataDir: home });
    expect(conn.core).toEqual({ ownerId: 'owner-1', door: 'electron', pid: 123, version: 'test' });
    const envelope = await conn.invoke('app.info', {});
    expect(envelope).toEqual({
      ok: true,
      value: { version: 'test', door: 'cli', dataDir: conn.session, platform: 'linux' },
    });
    expect(await conn.invoke('nope.nothing', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    conn.close();
  });

  it('delivers only the event topics a client asked for', async () => {
    const all = await attachLocalCore({ dataDir: home });
    const some = await attachLocalCore({ dataDir: home, topics: ['prompt.closed'] });
    const got = { all: [] as EventMessage[], some: [] as EventMessage[] };
    all.onEvent((m) => got.all.push(m));
    some.onEvent((m) => got.some.push(m));
    bus.emit('vault.changed', { unlocked: true });
    bus.emit('prompt.closed', { id: 'p1' });
    await expect.poll(() => got.all.length).toBe(2);
    await expect.poll(() => got.some.map((m) => m.topic)).toEqual(['prompt.closed']);
    all.close();
    some.close();
  });

  it('answers calls in flight with CORE_UNAVAILABLE when the core goes away', async () => {
    const conn = await attachLocalCore({ dataDir: home });
    const closed = new Promise<void>((r) => conn.onClose(r));
    await server.close();
    await closed;
    expect(await conn.invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'CORE_UNAVAILABLE' },
    });
  });

  it('refuses a wrong token and a client that never says hello', async () => {
    writeFileSync(tokenPath(home), 'not-the-token');
    await expect(attachLocalCore({ dataDir: home })).rejects.toMatchObject({
      reason: 'refused',
      message: expect.stringContaining('Wrong or missing token'),
    });
    const raw = connect(localSocketPath(home));
    raw.write('{"id":1,"method":"app.info","params":{}}\n');
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (d) => (text += d));
      raw.on('close', () => resolve(text));
    });
    expect(JSON.parse(reply)).toMatchObject({ refused: { code: 'UNAUTHORIZED' } });
  });

  it('is absent when no core listens (so the CLI starts its own)', async () => {
    await server.close();
    const err = await attachLocalCore({ dataDir: home }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttachError);
    expect((err as AttachError).reason).toBe('absent');
  });

  it('keeps the folder, the socket and the token to the owner (0700 / 0600 / 0600)', () => {
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(home)).toBe(0o700);
    expect(mode(localSocketPath(home))).toBe(0o600);
    expect(mode(tokenPath(home))).toBe(0o600);
  });

  it('serves a data folder whose path is too long for a socket from a private temp folder', async () => {
    const deep = join(home, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(deep, { recursive: true });
    const far = await serveLocalSocket({
      dataDir: deep,
      connect: connectionFactory({ router: router(), bus, released: () => undefined }),
      core: { ownerId: 'owner-2', door: 'web', pid: 7, version: 'test' },
    });
    try {
      expect(far.path.startsWith(shortSocketDir())).toBe(true);
      expect(statSync(shortSocketDir()).mode & 0o777).toBe(0o700);
      const conn = await attachLocalCore({ dataDir: deep });
      expect(conn.core.ownerId).toBe('owner-2');
      conn.close();
    } finally {
      await far.close();
    }
  });

  it.runIf(isRoot)('refuses another user at the folder and at the socket itself', () => {
    const tryAs = (uid: number) =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `require('node:net').connect(${JSON.stringify(localSocketPath(home))})` +
            `.on('connect', () => { console.log('CONNECTED'); process.exit(0) })` +
            `.on('error', (e) => { console.log(e.code); process.exit(0) })`,
        ],
        { uid, gid: uid, encoding: 'utf8' },
      ).stdout.trim();
    expect(tryAs(65534)).toBe('EACCES');
    // Even with the folder opened up, the 0600 socket keeps others out.
    chmodSync(home, 0o711);
    expect(tryAs(65534)).toBe('EACCES');
  });
});
