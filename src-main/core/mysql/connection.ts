import mysql from 'mysql2';
import type { Connection, ConnectionOptions } from 'mysql2';
import { OpsdeckError, type Host } from '../../contract';
import type { Vault } from '../secrets/vault';
import type { Lease } from '../ssh';
import { mapMysqlError, type MysqlTarget } from './errors';
import { mysqlTarget } from './login-target';
import { OwnConnections } from './own-connections';
import { openSocketLogin, socketLoginError, type SocketLogin } from './socket-login';
import type { Row } from './sql-row';
import type { HeldSession, MysqlExecutor, QueryOptions, QueryResult } from './executor';
import { tlsConnectionOptions } from './tls';
import { openTunnel } from './tunnel';

export interface MysqlPoolOptions {
  ssh: { acquire(host: Host, signal?: AbortSignal): Promise<Lease> };
  vault: Pick<Vault, 'get'>;
  /** Connections per host (default 4). */
  maxPerHost?: number;
  /** Close a connection unused for this long (default 60 s). */
  idleMs?: number;
  connectTimeoutMs?: number;
}

interface Pooled {
  entry: Entry;
  conn: Connection;
  lease?: Lease;
  dead: boolean;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

interface Entry {
  signature: string;
  /** Every open connection: idle, in use and held sessions. */
  own: OwnConnections<Pooled>;
  idle: Pooled[];
  open: number;
  waiters: Array<(error?: Error) => void>;
  closed: boolean;
}

const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

/**
 * Pooled MySQL logins per host: through a `direct-tcpip` channel of the host's pooled SSH
 * connection, straight TCP, or over SSH to the server's unix socket (the default for a host
 * without a login). Passwords come from the vault at connect time.
 */
export class MysqlPool implements MysqlExecutor {
  private readonly entries = new Map<string, Entry>();
  /** How each host's last socket login went (socket path, relay), for facts and messages. */
  private readonly socketLogins = new Map<string, SocketLogin>();

  constructor(private readonly options: MysqlPoolOptions) {}

  async query(host: Host, sql: string, options: QueryOptions = {}): Promise<QueryResult> {
    const [result] = await this.queryAll(host, [sql], options);
    return result as QueryResult;
  }

  async queryAll(
    host: Host,
    sqls: readonly string[],
    options: QueryOptions = {},
  ): Promise<QueryResult[]> {
    const target = mysqlTarget(host);
    const pooled = await this.checkout(host, target, options.signal);
    const results: QueryResult[] = [];
    try {
      for (const [i, sql] of sqls.entries()) {
        results.push(await this.run(pooled, sql, options, target));
        options.onStatement?.(i);
      }
      return results;
    } catch (err) {
      throw mapMysqlError(err, target);
    } finally {
      this.checkin(pooled);
    }
  }

  async session(host: Host, options: QueryOptions = {}): Promise<HeldSession> {
    const target = mysqlTarget(host);
    const pooled = await this.checkout(host, target, options.signal);
    let ended = false;
    return {
      threadId: pooled.conn.threadId ?? 0,
      query: async (sql, o = {}) => {
        if (ended)
          throw new OpsdeckError('INTERNAL', 'The MySQL session has ended.', 'This is a bug.');
        try {
          return await this.run(pooled, sql, o, target);
        } catch (err) {
          throw mapMysqlError(err, target);
        }
      },
      alive: () => !ended && !pooled.dead,
      end: () => {
        if (ended) return;
        ended = true;
        // Never back to the pool: its session state (locks) must not be reused.
        pooled.dead = true;
        this.checkin(pooled);
      },
    };
  }

  /** Drop a host's connections (after its server restarted, or its settings changed). */
  close(hostId: string): void {
    const entry = this.entries.get(hostId);
    if (!entry) return;
    entry.closed = true;
    this.entries.delete(hostId);
    for (const p of entry.idle.splice(0)) this.destroy(p);
    for (const wake of entry.waiters.splice(0)) wake(new Error('pool closed'));
  }

  closeAll(): void {
    for (const id of [...this.entries.keys()]) this.close(id);
  }

  ownThreadIds(host: Host): number[] {
    return this.entries.get(host.id)?.own.threadIds() ?? [];
  }

  /** The socket path and relay of the host's last socket login, if it used one. */
  socketLogin(hostId: string): SocketLogin | undefined {
    return this.socketLogins.get(hostId);
  }

  private entryFor(host: Host): Entry {
    const signature = JSON.stringify([
      host.mysql,
      host.address,
      host.port,
      host.user,
      host.auth,
      host.profile.mysqlSocket,
      host.profile.mysqlSocketBridge,
    ]);
    let entry = this.entries.get(host.id);
    if (entry && entry.signature !== signature) {
      this.close(host.id);
      entry = undefined;
    }
    if (!entry) {
      entry = {
        signature,
        own: new OwnConnections(),
        idle: [],
        open: 0,
        waiters: [],
        closed: false,
      };
      this.entries.set(host.id, entry);
    }
    return entry;
  }

  private async checkout(host: Host, target: MysqlTarget, signal?: AbortSignal): Promise<Pooled> {
    for (;;) {
      const entry = this.entryFor(host);
      const reused = entry.idle.pop();
      if (reused) {
        clearTimeout(reused.idleTimer);
        if (!reused.dead && (await this.alive(reused))) return reused;
        this.destroy(reused);
        entry.open--;
        continue;
      }
      if (entry.open < (this.options.maxPerHost ?? 4)) {
        entry.open++;
        try {
          return await this.connect(entry, host, target, signal);
        } catch (err) {
          entry.open--;
          entry.waiters.shift()?.();
          throw mapMysqlError(err, target);
        }
      }
      await new Promise<void>((resolve, reject) => {
        const wake = (error?: Error) => (error ? reject(error) : resolve());
        entry.waiters.push(wake);
        signal?.addEventListener(
          'abort',
          () => {
            entry.waiters = entry.waiters.filter((w) => w !== wake);
            reject(cancelled(host.name));
          },
          { once: true },
        );
      });
    }
  }

  private checkin(pooled: Pooled): void {
    const entry = pooled.entry;
    if (entry.closed || pooled.dead) {
      this.destroy(pooled);
      if (!entry.closed) {
        entry.open--;
        entry.waiters.shift()?.();
      }
      return;
    }
    pooled.lastUsed = Date.now();
    pooled.idleTimer = setTimeout(() => {
      entry.idle = entry.idle.filter((p) => p !== pooled);
      entry.open--;
      this.destroy(pooled);
    }, this.options.idleMs ?? 60_000);
    pooled.idleTimer.unref?.();
    entry.idle.push(pooled);
    entry.waiters.shift()?.();
  }

  private async connect(
    entry: Entry,
    host: Host,
    target: MysqlTarget,
    signal?: AbortSignal,
  ): Promise<Pooled> {
    const ref = host.mysql?.secretRef;
    const password = ref ? await this.options.vault.get(ref) : undefined;
    const base: ConnectionOptions = {
      user: target.user,
      ...(password !== undefined ? { password } : {}),
      ...(target.via !== 'ssh-socket' ? { host: target.address, port: target.port } : {}),
      connectTimeout: this.options.connectTimeoutMs ?? 15_000,
      dateStrings: true,
      supportBigNumbers: true,
      multipleStatements: false,
      flags: ['-LOCAL_FILES'],
      ...(host.mysql && target.via !== 'ssh-socket'
        ? tlsConnectionOptions(host.mysql, target.address, target.port, host.name)
        : {}),
    };
    let lease: Lease | undefined;
    let socket: SocketLogin | undefined;
    if (target.via !== 'direct') {
      lease = await this.options.ssh.acquire(host, signal);
      try {
        if (target.via === 'ssh-socket') {
          socket = await openSocketLogin(lease.client, target, signal);
          base.stream = socket.stream;
        } else base.stream = await openTunnel(lease.client, target.address, target.port, signal);
      } catch (err) {
        lease.release();
        throw signal?.aborted ? cancelled(host.name) : err;
      }
    }
    const conn = mysql.createConnection(base);
    const pooled: Pooled = {
      entry,
      conn,
      dead: false,
      lastUsed: Date.now(),
      ...(lease ? { lease } : {}),
    };
    const onGone = () => {
      pooled.dead = true;
    };
    conn.on('error', onGone);
    conn.on('end', onGone);
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(cancelled(host.name));
        signal?.addEventListener('abort', onAbort, { once: true });
        conn.connect((err) => {
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        });
      });
    } catch (err) {
      this.destroy(pooled);
      // A bridge that ended says why (sudo wants a password, no socket, no relay): that is the cause.
      throw (
        (socket && target.via === 'ssh-socket' && (await socketLoginError(socket, target, err))) ||
        err
      );
    }
    if (socket) this.socketLogins.set(host.id, socket);
    entry.own.add(pooled);
    return pooled;
  }

  private run(pooled: Pooled, sql: string, options: QueryOptions, target: MysqlTarget) {
    const ms = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    return new Promise<QueryResult>((resolve, reject) => {
      let done = false;
      const finish = (err: unknown, value?: QueryResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(value as QueryResult);
      };
      const drop = (err: OpsdeckError) => {
        pooled.dead = true;
        finish(err);
      };
      const onAbort = () => drop(cancelled(target.name));
      const timer = setTimeout(
        () =>
          drop(
            new OpsdeckError(
              'TIMEOUT',
              `MySQL on ${target.name} did not answer within ${Math.round(ms / 1000)} s; Opsdeck dropped the connection.`,
              'Check for locks or a long-running statement on the server (SHOW PROCESSLIST), then retry.',
            ),
          ),
        ms,
      );
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      pooled.conn.query(sql, (err, result) => {
        if (err) {
          if ((err as { fatal?: boolean }).fatal) pooled.dead = true;
          return finish(err);
        }
        if (Array.isArray(result))
          return finish(undefined, { rows: result as Row[], affectedRows: 0 });
        const header = result as { affectedRows?: number };
        finish(undefined, { rows: [], affectedRows: header.affectedRows ?? 0 });
      });
    });
  }

  /** A connection idle for a while is pinged first: servers restart, tunnels drop. */
  private alive(pooled: Pooled): Promise<boolean> {
    if (Date.now() - pooled.lastUsed < 2_000) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5_000);
      pooled.conn.ping((err) => {
        clearTimeout(timer);
        resolve(!err);
      });
    });
  }

  private destroy(pooled: Pooled): void {
    pooled.dead = true;
    pooled.entry.own.delete(pooled);
    clearTimeout(pooled.idleTimer);
    try {
      pooled.conn.destroy();
    } catch {
      // already gone
    }
    pooled.lease?.release();
    delete pooled.lease;
  }
}

function cancelled(name: string): OpsdeckError {
  return new OpsdeckError(
    'CANCELLED',
    `The MySQL statement on ${name} was cancelled; Opsdeck dropped its connection.`,
    'Run it again when ready.',
  );
}
