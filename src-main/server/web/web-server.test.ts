import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { decodeBinaryFrame } from '../../contract/web-frames';
import { createEventBus, type EventBus } from '../../core/event-bus';
import { openWebSession } from '../../../testing/web/web-session';
import { connectionFactory } from '../connection';
import type { Router } from '../router';
import { startWebServer, type WebServer } from './web-server';

const staticDir = mkdtempSync(join(tmpdir(), 'renderer-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Opsdeck</title>');

const echoRouter: Router = {
  call: async (method, params, call) => ({
    ok: true,
    value: { method, params, door: call.door, connectionId: call.connectionId },
  }),
};

/** Connections released by closed sockets (the core ends their subscriptions). */
let released: string[] = [];
const serve = (bus: EventBus = createEventBus()) =>
  startWebServer({
    connect: connectionFactory({ router: echoRouter, bus, released: (id) => released.push(id) }),
    staticDir,
  });

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server!.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(query: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server!.port}/ws${query}`, { headers });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

describe('web mode server', () => {
  it('binds to 127.0.0.1 only and prints a URL with the token', async () => {
    server = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  it('answers 401 to any request without the right token', async () => {
    server = await serve();
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'opsdeck_session=wrong' })).status).toBe(401);
  });

  it('exchanges the URL token for an HttpOnly SameSite=Strict cookie and serves the console with a CSP', async () => {
    server = await serve();
    const first = await get(`/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await get('/', { cookie: cookie.split(';')[0] as string });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Opsdeck</title>');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('the URL token works once: exchanged for a separate random session id, then dead', async () => {
    server = await serve();
    const token = server.token;
    const first = await get(`/?token=${token}`);
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0] as string;
    const session = cookie.split('=')[1] as string;
    expect(session).toMatch(/^[\w-]{43}$/);
    expect(session).not.toBe(token);
    expect((await get('/', { cookie })).status).toBe(200);
    expect((await get('/', { authorization: `Bearer ${session}` })).status).toBe(200);

    const again = await get(`/?token=${token}`);
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/already used/);
    expect((await get('/', { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await get('/', { cookie: `opsdeck_session=${token}` })).status).toBe(401);
    expect(await openSocket(`?token=${token}`, {})).toBe(401);
    const ws = await openSocket('', { cookie });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
    // The same browser opening the printed link again keeps its session.
    const reopened = await get(`/hosts?token=${token}`, { cookie });
    expect(reopened.status).toBe(303);
    expect(reopened.headers.location).toBe('/hosts');
  });

  it('refuses a Host header other than its loopback address (DNS rebinding)', async () => {
    server = await serve();
    expect(
      (await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status,
    ).toBe(421);
  });

  it('never serves files outside the renderer folder', async () => {
    server = await serve();
    const session = await openWebSession(server.port, server.token);
    const res = await get('/..%2f..%2fetc%2fpasswd', { authorization: `Bearer ${session}` });
    expect(res.body).not.toContain('root:');
  });

  it('refuses WebSockets without the token or from a foreign origin', async () => {
    server = await serve();
    const session = await openWebSession(server.port, server.token);
    expect(await openSocket('', {})).toBe(401);
    expect(
      await openSocket('', {
        origin: 'https://evil.example',
        cookie: `opsdeck_session=${session}`,
      }),
    ).toBe(403);
  });

  it('routes WebSocket calls through the router as the web door and pushes bus events', async () => {
    const bus = createEventBus();
    server = await serve(bus);
    const cookie = `opsdeck_session=${await openWebSession(server.port, server.token)}`;
    const ws = (await openSocket('', {
      origin: `http://127.0.0.1:${server.port}`,
      cookie,
    })) as WebSocket;
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 7, method: 'hosts.list', params: { query: 'db' } }));
    bus.emit('hosts.changed', { ids: ['a'], reason: 'added' });
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toContainEqual({
      id: 7,
      envelope: {
        ok: true,
        value: {
          method: 'hosts.list',
          params: { query: 'db' },
          door: 'web',
          connectionId: expect.any(String),
        },
      },
    });
    expect(messages).toContainEqual({
      event: { topic: 'hosts.changed', payload: { ids: ['a'], reason: 'added' } },
    });
    ws.close();
  });

  it('sends terminal output as binary frames to clients that ask (?frames=binary), JSON otherwise', async () => {
    const bus = createEventBus();
    server = await serve(bus);
    const origin = `http://127.0.0.1:${server.port}`;
    const cookie = `opsdeck_session=${await openWebSession(server.port, server.token)}`;
    const binary = (await openSocket('?frames=binary', { origin, cookie })) as WebSocket;
    const json = (await openSocket('', { origin, cookie })) as WebSocket;
    const got: { binary: unknown[]; json: unknown[] } = { binary: [], json: [] };
    binary.on('message', (d, isBinary) =>
      got.binary.push(
        isBinary
          ? decodeBinaryFrame(d as Buffer)
          : (JSON.parse(d.toString()) as { event: unknown }).event,
      ),
    );
    json.on('message', (d, isBinary) => {
      expect(isBinary).toBe(false);
      got.json.push((JSON.parse(d.toString()) as { event: unknown }).event);
    });
    const data = { topic: 'terminal.data', payload: { terminalId: 't', data: 'a\r\n"é"', seq: 0 } };
    const state = { topic: 'terminal.state', payload: { terminalId: 't', state: 'open' } };
    bus.emit('terminal.data', data.payload);
    bus.emit('terminal.state', { terminalId: 't', state: 'open' });
    await new Promise((r) => setTimeout(r, 100));
    expect(got.binary).toEqual([data, state]);
    expect(got.json).toEqual([data, state]);
    binary.close();
    json.close();
  });

  it('delivers an event addressed to one socket to that socket only; a closed socket is released', async () => {
    const bus = createEventBus();
    released = [];
    server = await serve(bus);
    const origin = `http://127.0.0.1:${server.port}`;
    const cookie = `opsdeck_session=${await openWebSession(server.port, server.token)}`;
    const sockets = [
      (await openSocket('', { origin, cookie })) as WebSocket,
      (await openSocket('', { origin, cookie })) as WebSocket,
    ];
    const got: unknown[][] = [[], []];
    const ids: string[] = [];
    sockets.forEach((ws, i) =>
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString()) as {
          event?: { topic: string };
          envelope?: { value: { connectionId: string } };
        };
        if (msg.event) got[i]!.push(msg.event.topic);
        else if (msg.envelope) ids[i] = msg.envelope.value.connectionId;
      }),
    );
    sockets.forEach((ws) => ws.send(JSON.stringify({ id: 1, method: 'app.info', params: {} })));
    await new Promise((r) => setTimeout(r, 100));
    expect(ids[0]).toBeTruthy();
    expect(ids[0]).not.toBe(ids[1]);

    bus.emit('vault.changed', { unlocked: true }, { to: ids[1] });
    bus.emit('hosts.changed', { ids: [], reason: 'broadcast' });
    await new Promise((r) => setTimeout(r, 100));
    expect(got[0]).toEqual(['hosts.changed']);
    expect(got[1]).toEqual(['vault.changed', 'hosts.changed']);

    sockets[1]!.close();
    await vi.waitFor(() => expect(released).toContain(ids[1]));
    expect(released).not.toContain(ids[0]);
    sockets[0]!.close();
  });
});
