import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForSsh } from './ssh-ready';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A TCP server that greets like sshd (or with `greeting`). */
async function listen(greeting: string, port = 0): Promise<number> {
  const server = createServer((socket) => socket.end(greeting));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const port = await listen('');
  await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
  return port;
}

describe('waitForSsh', () => {
  it('answers with the identification line once sshd greets', async () => {
    const port = await listen('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    const ready = await waitForSsh({ address: '127.0.0.1', port });
    expect(ready).toMatchObject({ port, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2', attempts: 1 });
  });

  it('keeps trying while the port is closed, and succeeds when sshd comes up', async () => {
    const port = await closedPort();
    setTimeout(() => void listen('SSH-2.0-late\r\n', port), 250);
    const ready = await waitForSsh({ address: '127.0.0.1', port, intervalMs: 100 });
    expect(ready.banner).toBe('SSH-2.0-late');
    expect(ready.attempts).toBeGreaterThan(1);
  });

  it('times out naming the last reason', async () => {
    const port = await closedPort();
    await expect(
      waitForSsh({ address: '127.0.0.1', port, timeoutMs: 400, intervalMs: 100 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('does not take a server that is not sshd', async () => {
    const port = await listen('HTTP/1.1 400 Bad Request\r\n\r\n');
    await expect(
      waitForSsh({ address: '127.0.0.1', port, timeoutMs: 300, intervalMs: 100 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('closed before') });
  });

  it('stops when cancelled', async () => {
    const port = await closedPort();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 150);
    await expect(
      waitForSsh({ address: '127.0.0.1', port, intervalMs: 100, signal: abort.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
