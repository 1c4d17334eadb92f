import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type OpsdeckClient } from '../../contract';
import { labInventoryPath, repoRoot } from '../../../testing/lab/lab';
import { eventually } from '../../../testing/core/ssh-fixture';
import { openWebSession } from '../../../testing/web/web-session';
import { connectWebSocket } from '../../../testing/web/ws-transport';
import {
  httpFuzzCases,
  rawExchange,
  rawWebSocket,
  upgradeFuzzCases,
  wsFrameFuzzCases,
} from '../../../testing/web/fuzz';

/**
 * Issue 12 #2 end to end: a real `opsdeck serve` process holding a live terminal on a lab host is
 * fed every malformed HTTP request, upgrade and WebSocket frame of the fuzz set — the process stays
 * up and the terminal keeps answering.
 */
const home = mkdtempSync(join(tmpdir(), 'opsdeck-fuzz-'));
let serve: ChildProcess;
let stderr = '';
let port = 0;
let session = '';
let socket: Awaited<ReturnType<typeof connectWebSocket>>;
let client: OpsdeckClient;

beforeAll(async () => {
  const bin = join(repoRoot, 'dist', 'main', 'cli.cjs');
  if (!existsSync(bin)) throw new Error('Build first (npm run build): this test runs bin/opsdeck.');
  serve = spawn(process.execPath, [join(repoRoot, 'bin', 'opsdeck.mjs'), '--json', 'serve'], {
    env: { ...process.env, OPSDECK_HOME: home, OPSDECK_VAULT_PASSPHRASE: 'fuzz-vault-passphrase' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let stdout = '';
  const url = await new Promise<URL>((resolve, reject) => {
    serve.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(stdout);
      if (m) resolve(new URL(m[1] as string));
    });
    serve.once('exit', (code) => reject(new Error(`opsdeck serve exited (${code}):\n${stderr}`)));
  });
  port = Number(url.port);
  session = await openWebSession(port, url.searchParams.get('token') ?? '');
  socket = await connectWebSocket(port, session);
  client = createClient(socket);
  await client.call('hosts.importLab', { path: labInventoryPath });
});
afterAll(async () => {
  socket?.close();
  if (serve && serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
  }
  rmSync(home, { recursive: true, force: true });
});

describe('opsdeck serve under malformed input', () => {
  it('stays up with a live terminal on db1 while every fuzz case is thrown at it', async () => {
    let text = '';
    let terminalId = '';
    client.on('terminal.data', (e) => {
      if (e.terminalId !== terminalId) return;
      text += e.data;
      void client.call('terminals.ack', { terminalId, seq: e.seq });
    });
    const states: string[] = [];
    client.on('terminal.state', (e) => void (e.terminalId === terminalId && states.push(e.state)));
    ({ terminalId } = await client.call('terminals.open', { hostId: 'db1', cols: 100, rows: 30 }));
    await eventually(() => states.includes('open'), 15_000, 'terminal open');
    await client.call('terminals.write', { terminalId, data: 'echo "before-$((1+1))"\n' });
    await eventually(() => text.includes('before-2'), 15_000, 'terminal output before');

    const bearer = `Authorization: Bearer ${session}`;
    for (const c of [...httpFuzzCases(port, bearer), ...upgradeFuzzCases(port, bearer)])
      expect((await rawExchange(port, c.raw)).closed, c.name).not.toBe('timeout');
    for (const c of wsFrameFuzzCases())
      expect((await rawWebSocket(port, bearer, c.frames)).upgraded, c.name).toBe(true);

    expect(serve.exitCode).toBeNull();
    await client.call('terminals.write', { terminalId, data: 'echo "after-$((2+2))"\n' });
    await eventually(() => text.includes('after-4'), 15_000, 'terminal output after');
    expect(await client.call('terminals.close', { terminalId })).toEqual({ closed: true });
    expect(stderr).not.toMatch(/contained an unexpected/); // every fault was handled at its door
  }, 120_000);
});
