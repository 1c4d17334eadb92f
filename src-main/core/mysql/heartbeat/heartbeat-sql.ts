import { quoteIdent, quoteString } from '../sql';

/**
 * The heartbeat table (pt-heartbeat style): one row per master, keyed by its server_id, holding the
 * time Opsdeck wrote it. On a replica, the master's row says how far behind it is, to the write
 * interval: lag = (master's row) − (replica's row), both written by Opsdeck, so clocks do not matter.
 */
export const heartbeatTable = (schema: string) => `${quoteIdent(schema)}.heartbeat`;

export const createHeartbeatSql = (schema: string): string[] => [
  `CREATE DATABASE IF NOT EXISTS ${quoteIdent(schema)}`,
  `CREATE TABLE IF NOT EXISTS ${heartbeatTable(schema)} (server_id INT UNSIGNED NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL) ENGINE=InnoDB`,
];

/** Written only while the server is writable: a fenced (read_only) old master gets no heartbeat. */
export const writeHeartbeatSql = (schema: string, at: Date): string =>
  `INSERT INTO ${heartbeatTable(schema)} (server_id, ts) SELECT @@server_id, ${quoteString(sqlTime(at))} FROM DUAL WHERE @@global.read_only = 0 ON DUPLICATE KEY UPDATE ts = VALUES(ts)`;

export const readHeartbeatSql = (schema: string, masterServerId: number): string =>
  `SELECT ts FROM ${heartbeatTable(schema)} WHERE server_id = ${Math.trunc(masterServerId)}`;

/** UTC `YYYY-MM-DD HH:MM:SS.ffffff` (DATETIME(6)). */
export function sqlTime(at: Date): string {
  return `${at.toISOString().slice(0, 23).replace('T', ' ')}000`;
}

/** A DATETIME(6) read back (mysql2 dateStrings), as milliseconds since the epoch (UTC). */
export function parseSqlTime(value: unknown): number | null {
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : '';
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** Seconds the replica's row trails the master's (never negative). */
export function heartbeatLag(masterTsMs: number, replicaTsMs: number): number {
  return Math.max(0, (masterTsMs - replicaTsMs) / 1000);
}
