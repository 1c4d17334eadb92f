import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { OpsdeckError, type Host } from '../../contract';
import type { ConnectDeps, Connection } from './connect';
import type { HostKeyTrust } from './host-key-trust';
import { SshPool } from './ssh-pool';
import { testHost } from '../../../testing/core/test-host';
import type { PromptService } from '../prompts/prompt-service';
import type { Vault } from '../secrets/vault';

const host: Host = testHost('db1', { id: 'h1', address: '127.0.20.9' });

class FakeClient extends EventEmitter {
  ended = false;
  end() {
    if (this.ended) return;
    this.ended = true;
    queueMicrotask(() => this.emit('close'));
  }
}

/** A connect() double: counts calls, can be held open, fail, or observe the abort signal. */
function fakeConnect() {
  const clients: FakeClient[] = [];
  const signals: AbortSignal[] = [];
  let gate: Promise<void> = Promise.resolve();
  let failWith: Error | undefined;
  const connect = async (_host: Host, deps: ConnectDeps): Promise<Connection> => {
    if (deps.signal) signals.push(deps.signal);
    await gate;
    if (deps.signal?.aborted) throw new OpsdeckError('CANCELLED', 'aborted', '');
    if (failWith) throw failWith;
    const client = new FakeClient();
    clients.push(client);
    return {
      client: client as unknown as Client,
      hostKey: { trust: 'known', keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' },
      connectMs: 5,
      banner: 'hello',
    };
  };
  return {
    connect,
    clients,
    signals,
    hold() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = Promise.resolve();
        open();
      };
    },
    fail(err: Error | undefined) {
      failWith = err;
    },
  };
}

const makePool = (f: ReturnType<typeof fakeConnect>, idleMs = 60_000) =>
  new SshPool({
    trust: {} as HostKeyTrust,
    vault: {} as Vault,
    prompts: {} as PromptService,
    idleMs,
    connect: f.connect,
  });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SshPool', () => {
  it('shares one connect in flight between concurrent callers and reuses it', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    const release = f.hold();
    const a = pool.acquire(host);
    const b = pool.acquire(host);
    release();
    const [la, lb] = await Promise.all([a, b]);
    expect(la.client).toBe(lb.client);
    const lc = await pool.acquire(host);
    expect(lc.client).toBe(la.client);
    expect(f.clients).toHaveLength(1);
    [la, lb, lc].forEach((l) => l.release());
    expect(pool.isConnected('h1')).toBe(true);
    pool.closeAll();
  });

  it('forgets a connection that closed and reconnects on the next call', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    const first = await pool.acquire(host);
    first.release();
    f.clients[0]?.emit('close');
    expect(pool.isConnected('h1')).toBe(false);
    const second = await pool.acquire(host);
    expect(second.client).not.toBe(first.client);
    expect(f.clients).toHaveLength(2);
    second.release();
    pool.closeAll();
  });

  it('closes an idle connection after idleMs', async () => {
    const f = fakeConnect();
    const pool = makePool(f, 20);
    (await pool.acquire(host)).release();
    expect(pool.isConnected('h1')).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(f.clients[0]?.ended).toBe(true);
    expect(pool.isConnected('h1')).toBe(false);
  });

  it('does not idle-close while a lease is held', async () => {
    const f = fakeConnect();
    const pool = makePool(f, 10);
    const lease = await pool.acquire(host);
    await new Promise((r) => setTimeout(r, 40));
    expect(f.clients[0]?.ended).toBe(false);
    lease.release();
    lease.release(); // idempotent
    await new Promise((r) => setTimeout(r, 40));
    expect(f.clients[0]?.ended).toBe(true);
  });

  it('reports a failed connect to every waiter and retries afterwards', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    f.fail(new OpsdeckError('SSH_REFUSED', 'refused', 'hint'));
    const results = await Promise.allSettled([pool.acquire(host), pool.acquire(host)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    f.fail(undefined);
    const lease = await pool.acquire(host);
    expect(lease.client).toBeDefined();
    lease.release();
    pool.closeAll();
  });

  it('a caller that gives up gets CANCELLED; the last one stops the connect', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    const release = f.hold();
    const c1 = new AbortController();
    const c2 = new AbortController();
    const a = pool.acquire(host, c1.signal);
    const b = pool.acquire(host, c2.signal);
    c1.abort();
    await expect(a).rejects.toMatchObject({ code: 'CANCELLED' });
    await tick();
    expect(f.signals[0]?.aborted).toBe(false);
    c2.abort();
    await expect(b).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(f.signals[0]?.aborted).toBe(true);
    release();
  });

  it('opens a new connection when the host settings change; the old one closes when released', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    const old = await pool.acquire(host);
    const fresh = await pool.acquire({ ...host, port: 2222 });
    expect(fresh.client).not.toBe(old.client);
    expect(f.clients[0]?.ended).toBe(false);
    old.release();
    expect(f.clients[0]?.ended).toBe(true);
    fresh.release();
    pool.closeAll();
    expect(f.clients[1]?.ended).toBe(true);
  });

  it('probe uses a fresh connection and closes it', async () => {
    const f = fakeConnect();
    const pool = makePool(f);
    const result = await pool.probe(host);
    expect(result).toEqual({
      latencyMs: 5,
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:x',
      trust: 'known',
      banner: 'hello',
    });
    expect(f.clients[0]?.ended).toBe(true);
    expect(pool.isConnected('h1')).toBe(false);
  });
});
