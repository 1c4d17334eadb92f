/**
 * What the core asks of MySQL, whatever serves it: one statement (or a few in order) on a login
 * to a host, or a connection held across calls. MysqlPool (connection.ts) is the one that talks
 * to servers; workflows and tests take any executor.
 */
import type { Host } from '../../contract';
import type { Row } from './sql-row';

export interface QueryResult {
  rows: Row[];
  /** Rows changed by a write (0 for reads). */
  affectedRows: number;
}

export interface QueryOptions {
  signal?: AbortSignal;
  /** Default 60 s; the connection is dropped when it passes (the server notices and stops). */
  timeoutMs?: number;
  /** queryAll: called after each statement that succeeded (auditing partial progress). */
  onStatement?: (index: number) => void;
}

/** What the rest of the core uses: one statement per call, on a pooled login to the host. */
export interface MysqlExecutor {
  query(host: Host, sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Statements in order on one connection (session state such as GTID_NEXT carries over). */
  queryAll(host: Host, sqls: readonly string[], options?: QueryOptions): Promise<QueryResult[]>;
  /**
   * A connection of its own, kept until `end()`: for session state that must outlive one call
   * (a global read lock held while a master is fenced, a backup's consistent snapshot). Closed,
   * not pooled, at the end. Counts towards the host's limit until then.
   */
  session?(host: Host, options?: QueryOptions): Promise<HeldSession>;
  /**
   * The server's connection ids of this Opsdeck's own open connections to the host (pooled, in
   * use, held sessions): a fence that ends every client must spare them — one holds its read lock.
   */
  ownThreadIds?(host: Host): number[];
}

/**
 * One connection held across calls. Ending it destroys it: it is never handed back to the pool,
 * so a lock or open transaction cannot leak into other work.
 */
export interface HeldSession {
  /** The server's connection id (for KILL QUERY, and to find what blocks it). */
  readonly threadId: number;
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Whether the connection is still open (a dead one has lost its locks). */
  alive(): boolean;
  end(): void;
}

/** A held session as the backups name it. */
export type MysqlSession = HeldSession;
