import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host, TunnelInfo, TunnelSpec } from '../../contract';
import { onShared } from '../ssh/shared-listener';
import { Tunnel } from './tunnel';

/** Stands in for a pooled ssh2 client: events, and -R listening that always succeeds. */
class FakeClient extends EventEmitter {
  private nextPort = 40_000;
  forwardIn(_address: string, port: number, cb: (err: Error | undefined, port: number) => void) {
    setImmediate(() => cb(undefined, port || this.nextPort++));
  }
  unforwardIn(_address: string, _port: number, cb: () => void) {
    setImmediate(cb);
  }
}

const host = { id: 'h1', name: 'db1' } as Host;
const SPECS: TunnelSpec[] = [
  {
    kind: 'local',
    bindAddress: '127.0.0.1',
    bindPort: 0,
    targetHost: '127.0.0.1',
    targetPort: 3306,
  },
  {
    kind: 'remote',
    bindAddress: '127.0.0.1',
    bindPort: 0,
    targetHost: '127.0.0.1',
    targetPort: 80,
  },
  { kind: 'dynamic', bindAddress: '127.0.0.1', bindPort: 0 },
];

let tunnels: Tunnel[] = [];
afterEach(async () => {
  await Promise.all(tunnels.map((t) => t.close()));
  tunnels = [];
});

/** What the fake pool hands out (a test swaps it to stand for the reconnected client). */
let pooled = new FakeClient();

/** `count` tunnels of each kind over the pooled client. */
async function openTunnels(count: number) {
  const pool = {
    acquire: async () => ({ client: pooled as unknown as Client, release: () => {} }),
  };
  const updates: TunnelInfo[] = [];
  for (const spec of SPECS) {
    for (let i = 0; i < count; i++) {
      const deps = { pool, host: () => host, now: () => new Date(), reconnectDelays: [0] };
      const tunnel = new Tunnel({ ...deps, onUpdate: (info) => updates.push(info) }, spec);
      tunnels.push(tunnel);
      await tunnel.start();
    }
  }
  return updates;
}

/** The warnings Node emits meanwhile (they arrive on a later tick). */
async function warningsDuring(fn: () => Promise<void>): Promise<Error[]> {
  const seen: Error[] = [];
  const onWarning = (w: Error) => seen.push(w);
  process.on('warning', onWarning);
  try {
    await fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('tunnels sharing one SSH client', () => {
  it('12 tunnels of each kind add one close and one tcp connection listener, no warning', async () => {
    const client = (pooled = new FakeClient());
    const warnings = await warningsDuring(async () => {
      await openTunnels(12);
    });
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    expect(tunnels.map((t) => t.info().state)).toEqual(Array(36).fill('open'));
    expect(client.listenerCount('close')).toBe(1);
    expect(client.listenerCount('tcp connection')).toBe(1);

    await Promise.all(tunnels.map((t) => t.close()));
    expect(client.listenerCount('close')).toBe(0);
    expect(client.listenerCount('tcp connection')).toBe(0);
  });

  it('a drop reaches every tunnel; they move to the new client and leave the old one', async () => {
    const first = (pooled = new FakeClient());
    const updates = await openTunnels(12);
    const second = (pooled = new FakeClient());
    const reconnected = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (tunnels.every((t) => t.info().reconnects === 1 && t.info().state === 'open')) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });

    first.emit('close');
    await reconnected;

    expect(updates.filter((u) => u.state === 'reconnecting')).toHaveLength(36);
    expect(first.listenerCount('close')).toBe(0);
    expect(first.listenerCount('tcp connection')).toBe(0);
    expect(second.listenerCount('close')).toBe(1);
    expect(second.listenerCount('tcp connection')).toBe(1);
  });
});

describe('onShared', () => {
  it('fans one listener out in order; unsubscribing is idempotent and the last one removes it', () => {
    const emitter = new EventEmitter();
    const calls: string[] = [];
    const offA = onShared(emitter, 'x', (v: string) => calls.push(`a${v}`));
    const offB = onShared(emitter, 'x', (v: string) => {
      calls.push(`b${v}`);
      offB(); // like once: removed while emitting, later handlers still run
    });
    onShared(emitter, 'y', () => calls.push('y'));
    expect(emitter.listenerCount('x')).toBe(1);

    emitter.emit('x', '1');
    emitter.emit('x', '2');
    expect(calls).toEqual(['a1', 'b1', 'a2']);

    offA();
    offA();
    expect(emitter.listenerCount('x')).toBe(0);
    expect(emitter.listenerCount('y')).toBe(1);
    onShared(emitter, 'x', () => calls.push('c'));
    emitter.emit('x');
    expect(calls.at(-1)).toBe('c');
    expect(emitter.listenerCount('x')).toBe(1);
  });
});
