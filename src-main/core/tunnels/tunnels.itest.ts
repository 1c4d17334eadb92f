import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import mysql from 'mysql2/promise';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInfo, TunnelState } from '../../contract';
import { labAddress } from '../../../testing/lab/lab';
import { labAdmin } from '../../../testing/lab/mysql-lab';
import { occupyPort, portIsFree } from '../../../testing/lab/ports';
import { labServices, nextEvent } from '../../../testing/core/ssh-fixture';

/** Tunnels on the lab (host db1): -L to MariaDB, -R to a local server, -D SOCKS, errors, drops. */
let s: Awaited<ReturnType<typeof labServices>>;
beforeAll(async () => {
  s = await labServices();
});
afterAll(async () => {
  await s?.dispose();
});
afterEach(async () => {
  for (const t of await s.call('tunnels.list', {}))
    await s.call('tunnels.close', { tunnelId: t.tunnelId });
});

const admin = () => {
  const { user, password } = labAdmin('db1');
  return { user, password };
};
const db1 = () => s.core.hosts.get('db1');

async function queryVia(options: { port: number } | { stream: Socket }) {
  const pending = mysql.createConnection({
    ...('port' in options ? { host: '127.0.0.1', port: options.port } : options),
    ...admin(),
    connectTimeout: 10_000,
  });
  // A paused stream stays paused when mysql2 adds its 'data' listener.
  if ('stream' in options) options.stream.resume();
  const conn = await pending;
  try {
    const [rows] = await conn.query('SELECT @@hostname AS h, REPEAT("x", 5000) AS pad');
    return (rows as { h: string; pad: string }[])[0]!;
  } finally {
    await conn.end();
  }
}

const info = async (tunnelId: string) =>
  (await s.call('tunnels.list', {})).find((t) => t.tunnelId === tunnelId);

const update = (tunnelId: string, state: TunnelState, ms = 30_000) =>
  nextEvent(s.bus, 'tunnel.update', (e) => e.tunnelId === tunnelId && e.state === state, ms);

/** Bash on db1 connecting to 127.0.0.1:port there and printing what comes back. */
const fromDb1 = async (port: number, send = 'x') =>
  (
    await s.core.ssh.exec(
      db1(),
      `timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && printf ${send} >&3 && head -c 64 <&3' 2>&1; echo " rc=$?"`,
    )
  ).stdout.trim();

/** A TCP server on this machine answering `pong:<what it received>`. */
async function pongServer(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((socket) => {
    socket.on('data', (d) => socket.end(`pong:${d.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Connect through a SOCKS5 proxy: returns the socket once the proxy answered, and the reply code. */
function socksConnect(proxyPort: number, host: string, port: number) {
  return new Promise<{ socket: Socket; reply: number }>((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1');
    let buf = Buffer.alloc(0);
    socket.once('error', reject);
    socket.once('connect', () => {
      const name = Buffer.from(host);
      socket.write(
        Buffer.concat([
          Buffer.from([5, 1, 0, 5, 1, 0, 3, name.length]),
          name,
          Buffer.from([port >> 8, port & 255]),
        ]),
      );
    });
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 2 + 10) return;
      socket.off('data', onData);
      socket.pause();
      // The target may have spoken already (MariaDB greets first): give that back to the stream.
      if (buf.length > 12) socket.unshift(buf.subarray(12));
      expect([...buf.subarray(0, 2)]).toEqual([5, 0]);
      resolve({ socket, reply: buf[3]! });
    };
    socket.on('data', onData);
  });
}

describe('tunnels against the lab', () => {
  it('-L: a real MySQL query through the local port, counted and audited', async () => {
    const opened = await s.call('tunnels.open', {
      hostId: 'db1',
      spec: { kind: 'local', bindPort: 0, targetHost: labAddress(1), targetPort: 3306 },
    });
    expect(opened).toMatchObject({ state: 'open', kind: 'local', hostName: 'db1', connections: 0 });
    const port = opened.boundPort!;
    expect(port).toBeGreaterThan(0);
    expect(opened.label).toBe(`127.0.0.1:${port} → db1 → ${labAddress(1)}:3306`);

    const traffic = nextEvent(
      s.bus,
      'tunnel.update',
      (e) => e.tunnelId === opened.tunnelId && e.bytesIn > 5000,
      10_000,
    );
    const row = await queryVia({ port });
    expect(row.h).toBe('db1');
    expect(row.pad).toHaveLength(5000);
    const seen = await traffic;
    expect(seen.totalConnections).toBe(1);
    expect(seen.bytesOut).toBeGreaterThan(50);
    const after = await info(opened.tunnelId);
    expect(after).toMatchObject({ totalConnections: 1, state: 'open' });
    expect(after!.bytesIn).toBeGreaterThan(5000);

    const audit = await s.call('audit.list', { limit: 5 });
    expect(audit.find((a) => a.action === 'ssh.tunnel.open')).toMatchObject({
      target: 'db1',
      outcome: 'ok',
      detail: opened.label,
    });
  });

  it('-L: closing releases the port, ends live connections and is audited', async () => {
    const opened = await s.call('tunnels.open', {
      hostId: 'db1',
      spec: { kind: 'local', bindPort: 0, targetHost: labAddress(1), targetPort: 3306 },
    });
    const port = opened.boundPort!;
    expect(await portIsFree(port)).toBe(false);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, ...admin() });
    await conn.query('SELECT 1');
    expect((await info(opened.tunnelId))?.connections).toBe(1);
    const ended = new Promise<void>((r) => conn.once('end', r).once('error', () => r()));

    const closed = update(opened.tunnelId, 'closed');
    expect(await s.call('tunnels.close', { tunnelId: opened.tunnelId })).toEqual({ closed: true });
    await closed;
    await ended;
    expect(await portIsFree(port)).toBe(true);
    expect(await info(opened.tunnelId)).toBeUndefined();
    expect(await s.call('tunnels.close', { tunnelId: opened.tunnelId })).toEqual({ closed: false });
    const audit = await s.call('audit.list', { limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'ssh.tunnel.close', target: 'db1', outcome: 'ok' });
    conn.destroy();
  });

  it('-L: a busy port fails clearly, nothing is left behind', async () => {
    const busy = await occupyPort();
    const port = busy.port;
    try {
      await expect(
        s.call('tunnels.open', {
          hostId: 'db1',
          spec: { kind: 'local', bindPort: port, targetHost: labAddress(1), targetPort: 3306 },
        }),
      ).rejects.toMatchObject({
        code: 'TUNNEL_PORT_IN_USE',
        message: expect.stringContaining(`Port ${port}`),
        hint: expect.stringContaining('another local port'),
      });
      expect(await s.call('tunnels.list', {})).toEqual([]);
      const audit = await s.call('audit.list', { limit: 1 });
      expect(audit[0]).toMatchObject({ action: 'ssh.tunnel.open', outcome: 'failed' });
    } finally {
      busy.close();
    }
  });

  it('refuses a LAN listen address unless allowLan, and a refused target is reported', async () => {
    await expect(
      s.call('tunnels.open', {
        hostId: 'db1',
        spec: { kind: 'dynamic', bindAddress: '0.0.0.0', bindPort: 0 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS', hint: expect.stringContaining('allow') });

    // Nothing listens on db1's port 9 ("discard"): the tunnel stays open, the error is shown.
    const opened = await s.call('tunnels.open', {
      hostId: 'db1',
      spec: { kind: 'local', bindPort: 0, targetHost: labAddress(1), targetPort: 9 },
    });
    const failed = nextEvent(
      s.bus,
      'tunnel.update',
      (e) => e.tunnelId === opened.tunnelId && !!e.lastError,
    );
    const socket = connect(opened.boundPort!, '127.0.0.1');
    await new Promise((r) => socket.once('close', r).on('error', () => undefined));
    const event = await failed;
    expect(event.state).toBe('open');
    expect(event.lastError).toMatchObject({
      code: 'TUNNEL_TARGET_UNREACHABLE',
      message: expect.stringMatching(
        new RegExp(
          `db1 could not connect to ${labAddress(1).replaceAll('.', '\\.')}:9.*refused`,
          'i',
        ),
      ),
    });
  });

  it('-R: a port on db1 reaches a server on this machine; closing cancels it there', async () => {
    const pong = await pongServer();
    try {
      const opened = await s.call('tunnels.open', {
        hostId: 'db1',
        spec: { kind: 'remote', bindPort: 0, targetPort: pong.port },
      });
      const remotePort = opened.boundPort!;
      expect(remotePort).toBeGreaterThan(0);
      expect(opened.label).toBe(`db1 127.0.0.1:${remotePort} → here → 127.0.0.1:${pong.port}`);
      expect(await fromDb1(remotePort, 'x')).toBe('pong:x rc=0');
      const counted = await info(opened.tunnelId);
      expect(counted).toMatchObject({ totalConnections: 1, bytesIn: 1, bytesOut: 6 });

      await s.call('tunnels.close', { tunnelId: opened.tunnelId });
      expect(await fromDb1(remotePort)).toMatch(/refused.* rc=1$/s);
    } finally {
      await pong.close();
    }
  });

  it('-R: a port db1 cannot listen on, and a local target that refuses', async () => {
    const pong = await pongServer();
    const taken = await s.call('tunnels.open', {
      hostId: 'db1',
      spec: { kind: 'remote', bindPort: 0, targetPort: pong.port },
    });
    await expect(
      s.call('tunnels.open', {
        hostId: 'db1',
        spec: { kind: 'remote', bindPort: taken.boundPort!, targetPort: pong.port },
      }),
    ).rejects.toMatchObject({
      code: 'TUNNEL_REMOTE_BIND_REFUSED',
      message: expect.stringContaining(
        `db1's SSH server refused to listen on 127.0.0.1:${taken.boundPort}`,
      ),
    });
    await pong.close();
    const failed = nextEvent(
      s.bus,
      'tunnel.update',
      (e) => e.tunnelId === taken.tunnelId && !!e.lastError,
    );
    expect(await fromDb1(taken.boundPort!)).not.toContain('pong');
    expect((await failed).lastError).toMatchObject({ code: 'TUNNEL_TARGET_UNREACHABLE' });
  });

  it('-D: SOCKS5 CONNECT to MariaDB on db1 runs a query; a refused target gets reply 5', async () => {
    const opened = await s.call('tunnels.open', {
      hostId: 'db1',
      spec: { kind: 'dynamic', bindPort: 0 },
    });
    expect(opened.label).toBe(`SOCKS5 127.0.0.1:${opened.boundPort} → db1`);
    const { socket, reply } = await socksConnect(opened.boundPort!, labAddress(1), 3306);
    expect(reply).toBe(0);
    expect((await queryVia({ stream: socket })).h).toBe('db1');

    const refused = await socksConnect(opened.boundPort!, labAddress(1), 9);
    expect(refused.reply).toBe(5);
    refused.socket.destroy();
    expect((await info(opened.tunnelId))?.lastError?.code).toBe('TUNNEL_TARGET_UNREACHABLE');
  });

  it('survives a dropped SSH connection: reconnecting, open again, same ports work', async () => {
    const pong = await pongServer();
    try {
      const local = await s.call('tunnels.open', {
        hostId: 'db1',
        spec: { kind: 'local', bindPort: 0, targetHost: labAddress(1), targetPort: 3306 },
      });
      const remote = await s.call('tunnels.open', {
        hostId: 'db1',
        spec: { kind: 'remote', bindPort: 0, targetPort: pong.port },
      });
      const states: Record<string, TunnelState[]> = {};
      const stop = s.bus.subscribe((m) => {
        if (m.topic !== 'tunnel.update') return;
        const e = m.payload as TunnelInfo;
        const list = (states[e.tunnelId] ??= []);
        if (list.at(-1) !== e.state) list.push(e.state);
      });
      const backL = update(local.tunnelId, 'open');
      const backR = update(remote.tunnelId, 'open');

      s.core.ssh.close(db1().id); // the pool drops the shared connection
      const [l, r] = await Promise.all([backL, backR]);
      stop();
      expect(states[local.tunnelId]).toEqual(['reconnecting', 'open']);
      expect(states[remote.tunnelId]?.[0]).toBe('reconnecting');
      expect(l).toMatchObject({ reconnects: 1, boundPort: local.boundPort });
      expect(r).toMatchObject({ reconnects: 1, boundPort: remote.boundPort });
      expect(l.lastError?.message).toContain('dropped');

      expect((await queryVia({ port: local.boundPort! })).h).toBe('db1');
      expect(await fromDb1(remote.boundPort!, 'y')).toBe('pong:y rc=0');
    } finally {
      await pong.close();
    }
  });
});
