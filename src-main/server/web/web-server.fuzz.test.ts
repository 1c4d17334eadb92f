import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEventBus } from '../../core/event-bus';
import { openWebSession } from '../../../testing/web/web-session';
import { connectionFactory } from '../connection';
import type { Router } from '../router';
import {
  httpFuzzCases,
  rawExchange,
  rawWebSocket,
  upgradeFuzzCases,
  wsFrameFuzzCases,
} from '../../../testing/web/fuzz';
import { startWebServer, type WebServer } from './web-server';

/**
 * Issue 12 #2: nothing a client sends to the web door — malformed request lines and targets, bad
 * percent-encoding, huge headers, broken WebSocket frames, foreign Host/Origin — may end the
 * process. A live event stream (as a terminal's output) keeps flowing to a good client throughout.
 */
const staticDir = mkdtempSync(join(tmpdir(), 'renderer-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Opsdeck</title>');
const echoRouter: Router = {
  call: async (method, params) => ({ ok: true, value: { method, params } }),
};

const bus = createEventBus();
let server: WebServer;
let bearer: string;
let live: WebSocket;
let received = 0;
let ticker: NodeJS.Timeout;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  server = await startWebServer({
    connect: connectionFactory({ router: echoRouter, bus, released: () => {} }),
    staticDir,
  });
  const session = await openWebSession(server.port, server.token);
  bearer = `Authorization: Bearer ${session}`;
  live = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { authorization: `Bearer ${session}` },
  });
  await new Promise((resolve, reject) => live.once('open', resolve).once('error', reject));
  live.on('message', () => received++);
  let seq = 0;
  ticker = setInterval(
    () => bus.emit('terminal.data', { terminalId: 't1', data: 'tick\r\n', seq: seq++ }),
    10,
  );
});
afterAll(async () => {
  clearInterval(ticker);
  live?.close();
  await server?.close();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

/** The door still works and the stream still flows after the abuse. */
async function stillServing() {
  const before = received;
  const ok = await rawExchange(
    server.port,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${bearer}\r\nConnection: close\r\n\r\n`,
    2000,
    { halfClose: false },
  );
  expect(ok.status).toBe(200);
  await new Promise((r) => setTimeout(r, 60));
  expect(received).toBeGreaterThan(before);
  expect(live.readyState).toBe(WebSocket.OPEN);
  expect(crashes).toEqual([]);
}

describe('web door under malformed input', () => {
  it('answers every malformed HTTP request with an error status (or closes it) and keeps serving', async () => {
    for (const c of httpFuzzCases(server.port, bearer)) {
      const outcome = await rawExchange(server.port, c.raw);
      expect(outcome.closed, c.name).not.toBe('timeout');
      if (outcome.status !== undefined && outcome.status !== 200 && outcome.status !== 303)
        expect(outcome.status, c.name).toBeGreaterThanOrEqual(400);
    }
    await stillServing();
  });

  it('checks Host first, parses defensively: exact answers for the reported crashes', async () => {
    const host = `Host: 127.0.0.1:${server.port}`;
    const get = (target: string, ...headers: string[]) =>
      rawExchange(server.port, `GET ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
    expect((await get('//a:b:c/', host)).status).toBe(401); // a path, not an authority
    expect((await get('//a:b:c/', 'Host: evil.example', bearer)).status).toBe(421);
    expect((await get('http://evil.example/', host, bearer)).status).toBe(400);
    expect((await get('/%', host, bearer)).status).toBe(400);
    expect((await get('/%C0%AF', host, bearer)).status).toBe(400);
    expect((await get('/', host, `X-Big: ${'a'.repeat(100_000)}`)).status).toBe(431);
    await stillServing();
  });

  it('refuses malformed or foreign WebSocket upgrades without harm', async () => {
    for (const c of upgradeFuzzCases(server.port, bearer)) {
      const outcome = await rawExchange(server.port, c.raw);
      expect(outcome.closed, c.name).not.toBe('timeout');
      expect(outcome.status ?? 400, c.name).toBeGreaterThanOrEqual(400);
    }
    await stillServing();
  });

  it('closes a socket that breaks the WebSocket protocol (oversized, unmasked, bad opcodes) and nothing else', async () => {
    for (const c of wsFrameFuzzCases()) {
      const outcome = await rawWebSocket(server.port, bearer, c.frames);
      expect(outcome.upgraded, c.name).toBe(true);
    }
    const oversized = await rawWebSocket(server.port, bearer, wsFrameFuzzCases()[0]!.frames);
    expect(oversized.closeCode).toBe(1009); // message too big
    await stillServing();
  }, 60_000);
});
