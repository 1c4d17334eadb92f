import type { Client } from 'ssh2';
import type { Host } from '../../contract';
import type { PromptService } from '../prompts/prompt-service';
import type { Redactor } from '../redact';
import type { Vault } from '../secrets/vault';
import { connectHost, type ConnectDeps, type Connection } from './connect';
import { ChannelOpenError, execCommand, type ExecOptions, type ExecResult } from './exec';
import type { HostKeyTrust, TrustLevel } from './host-key-trust';
import { assertJumpChain, jumpHostFor, throughJump } from './jump';
import { Slots } from './slots';
import { cancelledError } from '../common/cancel';

export interface SshPoolOptions {
  trust: HostKeyTrust;
  vault: Vault;
  prompts: PromptService;
  /** Close a connection nobody used for this long (default 5 minutes). */
  idleMs?: number;
  connectTimeoutMs?: number;
  /** Concurrent commands per connection; sshd's MaxSessions defaults to 10 (default 8). */
  maxSessionsPerConnection?: number;
  agentSocket?: string;
  onSecretStored?: (ref: string, host: Host) => void;
  redactor?: Redactor;
  /** Replaceable for tests. */
  connect?: (host: Host, deps: ConnectDeps) => Promise<Connection>;
  /** Finds inventory hosts named in a ProxyJump chain (by name, case-insensitive). */
  resolveHost?: (name: string) => Host | undefined;
}

export interface ProbeResult {
  latencyMs: number;
  keyType: string;
  fingerprint: string;
  trust: TrustLevel;
  banner?: string;
}

/** A borrowed connection; call release() when done so it can idle out. */
export interface Lease {
  client: Client;
  release(): void;
}

interface Entry {
  signature: string;
  host: Host;
  controller: AbortController;
  ready: Promise<Connection>;
  connection?: Connection;
  waiters: number;
  users: number;
  slots: Slots;
  idleTimer?: NodeJS.Timeout;
  closed: boolean;
}

const DEFAULT_IDLE_MS = 5 * 60_000;

/**
 * One SSH connection per host, shared by every caller: a connect in flight is shared, a dropped
 * connection is forgotten (the next call reconnects), an unused one closes after `idleMs`.
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly connect: (host: Host, deps: ConnectDeps) => Promise<Connection>;

  constructor(private readonly options: SshPoolOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.connect = options.connect ?? connectHost;
  }

  /** Run a command over the pooled connection. Non-zero exits are results, not errors. */
  async exec(host: Host, command: string, options: ExecOptions = {}): Promise<ExecResult> {
    for (let attempt = 1; ; attempt++) {
      const entry = await this.checkout(host, options.signal);
      try {
        await entry.slots.acquire(options.signal);
        try {
          return await execCommand(entry.connection!.client, command, {
            hostName: host.name,
            ...options,
          });
        } finally {
          entry.slots.release();
        }
      } catch (err) {
        // No channel, so the command never started: retry once on a fresh connection. This covers
        // a connection that died unnoticed and one whose sessions are exhausted: OpenSSH refuses
        // signal requests for root sessions and keeps a session slot while a cancelled command
        // lives on, so such a connection does not recover by itself. Its current users finish first.
        if (err instanceof ChannelOpenError) {
          this.forget(entry);
          if (attempt === 1) continue;
        }
        throw err;
      } finally {
        this.checkin(entry);
      }
    }
  }

  /** Borrow the pooled connection (for shells, SFTP, tunnels). */
  async acquire(host: Host, signal?: AbortSignal): Promise<Lease> {
    const entry = await this.checkout(host, signal);
    let released = false;
    return {
      client: entry.connection!.client,
      release: () => {
        if (released) return;
        released = true;
        this.checkin(entry);
      },
    };
  }

  /** A fresh connection that runs nothing: measures connect + auth and reports the host key. */
  async probe(host: Host, signal?: AbortSignal): Promise<ProbeResult> {
    const connection = await this.connectVia(host, signal);
    connection.client.end();
    return {
      latencyMs: connection.connectMs,
      keyType: connection.hostKey.keyType,
      fingerprint: connection.hostKey.fingerprint,
      trust: connection.hostKey.trust,
      ...(connection.banner ? { banner: connection.banner } : {}),
    };
  }

  /** Whether a live pooled connection exists for the host (tests, status views). */
  isConnected(hostId: string): boolean {
    const entry = this.entries.get(hostId);
    return !!entry?.connection && !entry.closed;
  }

  close(hostId?: string): void {
    if (hostId === undefined) return this.closeAll();
    const entry = this.entries.get(hostId);
    if (entry) this.shut(entry);
  }

  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.shut(entry);
  }

  private async checkout(host: Host, signal?: AbortSignal): Promise<Entry> {
    let entry = this.entries.get(host.id);
    const signature = signatureOf(host);
    if (entry && (entry.closed || entry.signature !== signature)) {
      // Connection settings changed: new callers get a new connection; the old one closes.
      this.entries.delete(host.id);
      if (entry.users === 0 && entry.waiters === 0) this.shut(entry);
      entry = undefined;
    }
    entry ??= this.open(host, signature);
    entry.waiters++;
    try {
      await abortable(entry.ready, signal, host);
    } catch (err) {
      entry.waiters--;
      // Last interested caller gave up while connecting: stop connecting (and asking questions).
      if (entry.waiters === 0 && entry.users === 0 && !entry.connection) this.shut(entry);
      throw err;
    }
    entry.waiters--;
    entry.users++;
    clearTimeout(entry.idleTimer);
    return entry;
  }

  private checkin(entry: Entry): void {
    entry.users--;
    if (entry.users > 0 || entry.waiters > 0) return;
    // Dropped or replaced while in use: the last user out closes it.
    if (entry.closed || this.entries.get(entry.host.id) !== entry) return this.shut(entry);
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => this.shut(entry), this.idleMs);
    entry.idleTimer.unref?.();
  }

  private open(host: Host, signature: string): Entry {
    const controller = new AbortController();
    const entry: Entry = {
      signature,
      host,
      controller,
      ready: undefined as unknown as Promise<Connection>,
      waiters: 0,
      users: 0,
      slots: new Slots(this.options.maxSessionsPerConnection ?? 8),
      closed: false,
    };
    entry.ready = this.connectVia(host, controller.signal).then(
      (connection) => {
        entry.connection = connection;
        const drop = () => this.forget(entry);
        connection.client.once('close', drop).once('end', drop).on('error', drop);
        if (entry.closed) connection.client.end();
        return connection;
      },
      (err: unknown) => {
        this.forget(entry);
        throw err;
      },
    );
    // Waiters observe the rejection; this keeps an unobserved failure from becoming unhandled.
    entry.ready.catch(() => {});
    this.entries.set(host.id, entry);
    return entry;
  }

  /**
   * Connect directly, or through the host's ProxyJump chain: the last hop is borrowed from the pool
   * (so a jump host's connection is shared with everything else using it) and held until this
   * connection closes.
   */
  private async connectVia(host: Host, signal: AbortSignal | undefined): Promise<Connection> {
    const resolve = this.options.resolveHost ?? (() => undefined);
    assertJumpChain(host, resolve);
    const jump = jumpHostFor(host, resolve);
    if (!jump) return this.connect(host, this.connectDeps(signal));
    let lease: Lease;
    try {
      lease = await this.acquire(jump, signal);
    } catch (err) {
      throw throughJump(err, host, jump);
    }
    try {
      const connection = await this.connect(host, {
        ...this.connectDeps(signal),
        jump: lease.client,
        jumpName: jump.name,
      });
      connection.client.once('close', lease.release);
      return connection;
    } catch (err) {
      lease.release();
      throw err;
    }
  }

  private connectDeps(signal: AbortSignal | undefined): ConnectDeps {
    const o = this.options;
    return {
      trust: o.trust,
      vault: o.vault,
      prompts: o.prompts,
      ...(signal ? { signal } : {}),
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      ...(o.agentSocket !== undefined ? { agentSocket: o.agentSocket } : {}),
      ...(o.onSecretStored ? { onSecretStored: o.onSecretStored } : {}),
      ...(o.redactor ? { redactor: o.redactor } : {}),
    };
  }

  /** Mark dead and remove from the map (the socket is already gone or going). */
  private forget(entry: Entry): void {
    entry.closed = true;
    clearTimeout(entry.idleTimer);
    if (this.entries.get(entry.host.id) === entry) this.entries.delete(entry.host.id);
  }

  private shut(entry: Entry): void {
    this.forget(entry);
    if (entry.connection) entry.connection.client.end();
    else entry.controller.abort();
  }
}

function signatureOf(host: Host): string {
  return JSON.stringify([
    host.address,
    host.port,
    host.user,
    host.auth,
    host.keyPath ?? '',
    host.secretRef ?? '',
    host.proxyJump ?? '',
  ]);
}

function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  host: Host,
): Promise<T> {
  if (!signal) return promise;
  const cancelled = () =>
    cancelledError(`The operation on ${host.name}`, 'Run it again when ready.');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
