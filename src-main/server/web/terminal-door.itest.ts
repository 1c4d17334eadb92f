import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type OpsdeckClient } from '../../contract';
import { eventually, labServices } from '../../../testing/core/ssh-fixture';
import { openWebSession } from '../../../testing/web/web-session';
import { connectWebSocket } from '../../../testing/web/ws-transport';
import { startWebServer, type WebServer } from './web-server';

/** A terminal through the web door's real path: WebSocket, router, core, ssh2, lab sshd. */
let s: Awaited<ReturnType<typeof labServices>>;
let server: WebServer;
let socket: Awaited<ReturnType<typeof connectWebSocket>>;
let client: OpsdeckClient;
const staticDir = mkdtempSync(join(tmpdir(), 'opsdeck-static-'));

beforeAll(async () => {
  s = await labServices('web');
  server = await startWebServer({ connect: s.connect, staticDir });
  socket = await connectWebSocket(server.port, await openWebSession(server.port, server.token));
  client = createClient(socket);
});
afterAll(async () => {
  socket?.close();
  await server?.close();
  await s?.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('terminal over the web door', () => {
  it('open, type, resize, ack and close through the WebSocket client', async () => {
    const states: string[] = [];
    let text = '';
    let events = 0;
    let terminalId = '';
    const offState = client.on('terminal.state', (e) => {
      if (e.terminalId === terminalId) states.push(e.state);
    });
    const offData = client.on('terminal.data', (e) => {
      if (e.terminalId !== terminalId) return;
      text += e.data;
      events++;
      void client.call('terminals.ack', { terminalId, seq: e.seq });
    });
    ({ terminalId } = await client.call('terminals.open', { hostId: 'db1', cols: 90, rows: 20 }));
    await eventually(() => states.includes('open'), 15_000, 'open');
    await client.call('terminals.resize', { terminalId, cols: 120, rows: 40 });
    await client.call('terminals.write', {
      terminalId,
      data: 'stty size; seq 1 20000 | tail -1; echo "done-$((1+1))"\n',
    });
    await eventually(() => /done-2/.test(text), 15_000, 'command output');
    expect(text).toMatch(/^40 120\r?$/m);
    expect(text).toMatch(/^20000\r?$/m);
    expect(events).toBeGreaterThan(0);
    expect(await client.call('terminals.close', { terminalId })).toEqual({ closed: true });
    await eventually(() => states.includes('closed'), 5000, 'closed');
    offState();
    offData();
  });

  it('errors cross the door with code, message and hint', async () => {
    await expect(
      client.call('terminals.write', { terminalId: 'nope', data: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      hint: expect.stringContaining('open a new terminal'),
    });
    await expect(
      client.call('terminals.open', { hostId: 'db1', cols: 0, rows: 20 }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });
});
