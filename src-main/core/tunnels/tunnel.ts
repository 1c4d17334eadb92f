import { randomUUID } from 'node:crypto';
import type { Client } from 'ssh2';
import {
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  type Host,
  type TunnelInfo,
  type TunnelSpec,
  type TunnelState,
} from '../../contract';
import { backoffDelays, isTransient } from '../ssh/backoff';
import { sleep } from '../common/wait';
import type { Lease, SshPool } from '../ssh';
import { Connections } from './connections';
import { DynamicForward } from './dynamic-forward';
import { asOpsdeckError } from './forward-errors';
import { describeSpec } from '../../contract/forward-spec';
import type { Forwarder, ForwardContext } from './forwarder';
import { LocalForward } from './local-forward';
import { RemoteForward } from './remote-forward';
import { onShared } from '../ssh/shared-listener';
import { isEstablishing, nextTunnelState, type TunnelEvent } from './tunnel-state';
import { cancelledError } from '../common/cancel';

export interface TunnelDeps {
  pool: Pick<SshPool, 'acquire'>;
  /** Re-read on every reconnect: the host's settings may have changed meanwhile. */
  host: () => Host;
  now: () => Date;
  /** Every state change at once, traffic at most every `updateMs`. */
  onUpdate: (info: TunnelInfo) => void;
  /** Delays before each reconnect attempt (default 0, 1, 2, 4, 8, 15, 15, 15 s: about a minute). */
  reconnectDelays?: number[];
  /** How long a connection accepted while reconnecting waits for SSH (default 15 s). */
  waitMs?: number;
  updateMs?: number;
}

const DEFAULT_RECONNECT = backoffDelays(8);

/** Errors worth retrying after a drop: the network, or a remote port not yet released. */
const retryable = (e: ErrorShape) => isTransient(e) || e.code === 'TUNNEL_REMOTE_BIND_REFUSED';

/**
 * One forwarding over the host's pooled SSH connection: holds a lease on it while open, notices
 * when it drops and re-establishes it through the pool with backoff (the listen port stays
 * reserved meanwhile and new connections wait), and closes cleanly.
 */
export class Tunnel {
  readonly id = randomUUID();
  readonly openedAt: string;
  private state: TunnelState = 'starting';
  private lease: Lease | undefined;
  /** Stops watching the leased connection for a drop (on the drop itself, or on teardown). */
  private unwatchDrop: (() => void) | undefined;
  private lastError: { error: ErrorShape; at: string } | undefined;
  private reconnects = 0;
  private readonly connections = new Connections();
  private readonly forwarder: Forwarder;
  private readonly life = new AbortController();
  private waiters: { resolve: (c: Client) => void; reject: (e: Error) => void }[] = [];
  private readonly ticker: NodeJS.Timeout;
  private lastSent = '';

  constructor(
    private readonly deps: TunnelDeps,
    readonly spec: TunnelSpec,
  ) {
    this.openedAt = deps.now().toISOString();
    this.forwarder = createForwarder(spec, this.context());
    this.ticker = setInterval(() => this.publish(false), deps.updateMs ?? 1000);
    this.ticker.unref?.();
  }

  /** Bind, connect, start forwarding; throws (and cleans up) when any of it fails. */
  async start(): Promise<void> {
    try {
      await this.forwarder.listen();
      await this.connect(this.life.signal);
    } catch (err) {
      const error = this.life.signal.aborted
        ? cancelled(this.deps.host().name)
        : asOpsdeckError(err);
      // The caller gets the error; the tunnel never existed (a door that saw it starting hears it closed).
      this.noteError(error);
      if (this.state !== 'closed') {
        this.state = 'closed';
        await this.teardown();
        clearInterval(this.ticker);
        if (this.lastSent) this.publish(true);
      }
      throw error;
    }
    this.transition('up');
  }

  /** Close for good: listener, connections, remote listen, lease. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.life.abort();
    clearInterval(this.ticker);
    this.state = nextTunnelState(this.state, 'close') ?? 'closed';
    await this.teardown();
    // The last update, with the final counts.
    this.publish(true);
  }

  info(): TunnelInfo {
    const host = this.deps.host();
    const t = this.connections.traffic;
    const boundPort = this.forwarder.boundPort();
    return {
      tunnelId: this.id,
      hostId: host.id,
      hostName: host.name,
      kind: this.spec.kind,
      spec: this.spec,
      label: describeSpec(this.spec, host.name, boundPort),
      ...(boundPort !== undefined ? { boundPort } : {}),
      state: this.state,
      connections: t.active,
      totalConnections: t.total,
      bytesOut: t.bytesOut,
      bytesIn: t.bytesIn,
      reconnects: this.reconnects,
      openedAt: this.openedAt,
      ...(this.lastError
        ? { lastError: this.lastError.error, lastErrorAt: this.lastError.at }
        : {}),
    };
  }

  private context(): ForwardContext {
    return {
      hostName: this.deps.host().name,
      connections: this.connections,
      client: () => this.client(),
      connectionFailed: (error) => this.noteError(error),
    };
  }

  private async connect(signal: AbortSignal): Promise<void> {
    const lease = await this.deps.pool.acquire(this.deps.host(), signal);
    let attached = false;
    try {
      if (signal.aborted) throw cancelled(this.deps.host().name);
      await this.forwarder.attach(lease.client);
      attached = true;
      if (signal.aborted) throw cancelled(this.deps.host().name);
    } catch (err) {
      // Closed while attaching: undo the remote listen too, not just our handler.
      if (attached) await this.forwarder.close(lease.client).catch(() => undefined);
      else this.forwarder.detach(lease.client);
      lease.release();
      throw err;
    }
    this.lease = lease;
    // Shared with the host's other tunnels: one 'close' listener per client, however many tunnels.
    this.unwatchDrop = onShared(lease.client, 'close', () => this.dropped(lease));
  }

  private dropped(lease: Lease): void {
    if (this.lease !== lease) return;
    this.lease = undefined;
    this.unwatchDrop?.();
    this.unwatchDrop = undefined;
    this.forwarder.detach(lease.client);
    lease.release();
    if (this.state !== 'open') return;
    this.noteError(
      new OpsdeckError(
        'SSH_UNREACHABLE',
        `The SSH connection to ${this.deps.host().name} dropped; reconnecting.`,
        'Nothing to do unless it stays down; connections made meanwhile wait.',
      ),
    );
    this.transition('dropped');
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const signal = this.life.signal;
    let last: ErrorShape | undefined;
    for (const delay of this.deps.reconnectDelays ?? DEFAULT_RECONNECT) {
      try {
        await sleep(delay, signal);
        await this.connect(signal);
        this.reconnects++;
        this.transition('up');
        return;
      } catch (err) {
        if (signal.aborted) return;
        last = toErrorShape(err);
        this.noteError(asOpsdeckError(err));
        if (!retryable(last)) break;
      }
    }
    await this.fail(asOpsdeckError(last ?? new Error('no reconnect attempt was made')));
  }

  /** Gave up: release everything, keep the entry (with its error) until a door closes it. */
  private async fail(error: OpsdeckError): Promise<void> {
    this.noteError(error);
    this.transition('failed');
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    this.unwatchDrop?.();
    this.unwatchDrop = undefined;
    this.rejectWaiters();
    // A listener's close completes only once its connections are gone: end them meanwhile.
    const closing = this.forwarder.close(lease?.client).catch(() => undefined);
    this.connections.destroyAll();
    await closing;
    this.connections.destroyAll();
    lease?.release();
  }

  /** The live client for a new forwarded connection; waits while establishing. */
  private client(): Promise<Client> {
    if (this.state === 'open' && this.lease) return Promise.resolve(this.lease.client);
    if (!isEstablishing(this.state)) return Promise.reject(this.unavailable());
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (c: Client) => {
          clearTimeout(timer);
          resolve(c);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new OpsdeckError(
            'TIMEOUT',
            `A connection waited too long for the SSH connection to ${this.deps.host().name}.`,
            'The tunnel is still reconnecting; retry once it shows open.',
          ),
        );
      }, this.deps.waitMs ?? 15_000);
      this.waiters.push(waiter);
    });
  }

  private rejectWaiters(): void {
    const error = this.unavailable();
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  private unavailable(): OpsdeckError {
    return new OpsdeckError(
      'CONFLICT',
      `The tunnel through ${this.deps.host().name} is ${this.state}.`,
      this.state === 'error' ? 'Close it and open it again.' : 'Open a new tunnel.',
    );
  }

  private noteError(error: OpsdeckError): void {
    this.lastError = { error: error.toJSON(), at: this.deps.now().toISOString() };
  }

  private transition(event: TunnelEvent): void {
    const next = nextTunnelState(this.state, event);
    if (!next) return;
    this.state = next;
    if (next === 'open' && this.lease) {
      const client = this.lease.client;
      for (const w of this.waiters.splice(0)) w.resolve(client);
    }
    this.publish(true);
  }

  /** State changes always; otherwise only when counters or the last error changed. */
  private publish(force: boolean): void {
    const info = this.info();
    const signature = JSON.stringify([
      info.state,
      info.connections,
      info.totalConnections,
      info.bytesIn,
      info.bytesOut,
      info.lastErrorAt,
      info.boundPort,
    ]);
    if (!force && signature === this.lastSent) return;
    this.lastSent = signature;
    this.deps.onUpdate(info);
  }
}

function createForwarder(spec: TunnelSpec, ctx: ForwardContext): Forwarder {
  switch (spec.kind) {
    case 'local':
      return new LocalForward(spec, ctx);
    case 'remote':
      return new RemoteForward(spec, ctx);
    case 'dynamic':
      return new DynamicForward(spec, ctx);
  }
}

function cancelled(hostName: string): OpsdeckError {
  return cancelledError(`Opening the tunnel through ${hostName}`, 'Open it again when ready.');
}
