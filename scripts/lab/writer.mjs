// @ts-check
/**
 * The test writer: an application that inserts numbered rows through HAProxy's writer port at a
 * steady rate, as an application account (no admin privileges: read_only stops it), reconnecting and
 * retrying the same row after any error. Each row records the server that took it (@@server_id).
 * Its report says which rows were acknowledged, when writes stopped being accepted and for how long —
 * what failover tests and the bench compare with what the surviving servers hold.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';

export const WRITER_TABLE = 'opsdeck_writes.rows';

const DUPLICATE_KEY = 1062;

/**
 * The writer's table, created through the writer port with an admin login (binlogged, so every
 * replica gets it).
 * @param {{ address: string, port: number, user: string, password: string }} admin
 */
export async function prepareWriterTable(admin) {
  const { address, ...login } = admin;
  const conn = await mysql.createConnection({ host: address, ...login });
  try {
    await conn.query('CREATE DATABASE IF NOT EXISTS opsdeck_writes');
    await conn.query(
      `CREATE TABLE IF NOT EXISTS ${WRITER_TABLE} (
         run VARCHAR(40) NOT NULL, n INT NOT NULL, server_id INT NOT NULL,
         at TIMESTAMP(6) NOT NULL, PRIMARY KEY (run, n)) ENGINE=InnoDB`,
    );
  } finally {
    await conn.end();
  }
}

/**
 * @typedef {{ n: number, at: number, serverId: number | null }} Ack
 * @typedef {{ n: number, at: number, code: string, message: string }} Failure
 * @typedef {{
 *   runId: string, rate: number, attempted: number, acked: number[], ackedCount: number,
 *   failures: number, errors: Record<string, number>, byServer: Record<string, number>,
 *   firstAckAt: number | null, lastAckAt: number | null,
 *   longestGap: { ms: number, afterN: number | null, from: number | null, to: number | null },
 *   firstFailureAt: number | null,
 * }} WriterReport
 */

/**
 * Starts writing; `stop()` ends it and returns the report.
 * @param {{
 *   address: string, port: number, user: string, password: string,
 *   rate?: number, runId?: string, connectTimeoutMs?: number, queryTimeoutMs?: number,
 *   onAck?: (ack: Ack) => void,
 * }} options
 */
export function startWriter(options) {
  const rate = options.rate ?? 100;
  const runId = options.runId ?? randomUUID();
  const intervalMs = 1000 / rate;
  /** @type {Ack[]} */
  const acks = [];
  /** @type {Failure[]} */
  const failures = [];
  let stopped = false;
  /** @type {{ promise: Promise<void>, resolve: () => void } | null} */
  let paused = null;
  /** @type {(() => void) | null} */
  let onIdle = null;
  let n = 0;
  /** @type {import('mysql2/promise').Connection | null} */
  let conn = null;
  let serverId = /** @type {number | null} */ (null);

  const connect = async () => {
    const c = await mysql.createConnection({
      host: options.address,
      port: options.port,
      user: options.user,
      password: options.password,
      connectTimeout: options.connectTimeoutMs ?? 1000,
    });
    c.on('error', () => undefined);
    const [rows] = await c.query({ sql: 'SELECT @@server_id AS id', timeout: 2000 });
    serverId = Number(/** @type {{ id: number }[]} */ (rows)[0]?.id ?? 0) || null;
    return c;
  };

  /** @param {unknown} err */
  const fail = (err) => {
    const e = /** @type {{ code?: string, message?: string }} */ (err);
    failures.push({
      n,
      at: Date.now(),
      code: e.code ?? 'ERROR',
      message: e.message ?? String(err),
    });
    conn?.destroy();
    conn = null;
  };

  const loop = async () => {
    let next = Date.now();
    while (!stopped) {
      if (paused) {
        onIdle?.();
        await paused.promise;
        next = Date.now();
        continue;
      }
      try {
        conn ??= await connect();
        await conn.query({
          sql: `INSERT INTO ${WRITER_TABLE} (run, n, server_id, at) VALUES (?, ?, @@server_id, NOW(6))`,
          values: [runId, n],
          timeout: options.queryTimeoutMs ?? 2000,
        });
        ack();
      } catch (err) {
        // An earlier attempt whose answer was lost did commit: the row is there.
        if (/** @type {{ errno?: number }} */ (err).errno === DUPLICATE_KEY) ack();
        else {
          fail(err);
          await sleep(20);
          continue;
        }
      }
      next += intervalMs;
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      else next = Date.now();
    }
  };

  const ack = () => {
    const a = { n, at: Date.now(), serverId };
    acks.push(a);
    options.onAck?.(a);
    n++;
  };

  const done = loop();
  return {
    runId,
    /** Rows acknowledged so far. */
    acked: () => acks.length,
    /** Stops between two rows (no insert in flight when it resolves). */
    pause() {
      if (!paused) {
        /** @type {() => void} */
        let resolve = () => undefined;
        const promise = new Promise((r) => (resolve = () => r(undefined)));
        paused = { promise, resolve };
      }
      return new Promise((resolve) => (onIdle = () => resolve(undefined)));
    },
    resume() {
      const p = paused;
      paused = null;
      onIdle = null;
      p?.resolve();
    },
    /** @returns {Promise<WriterReport>} */
    async stop() {
      stopped = true;
      paused?.resolve();
      await done;
      await conn?.end().catch(() => undefined);
      return report(runId, rate, n, acks, failures);
    },
  };
}

/**
 * @param {string} runId
 * @param {number} rate
 * @param {number} attempted
 * @param {Ack[]} acks
 * @param {Failure[]} failures
 * @returns {WriterReport}
 */
export function report(runId, rate, attempted, acks, failures) {
  let longestGap = {
    ms: 0,
    afterN: /** @type {number | null} */ (null),
    from: /** @type {number | null} */ (null),
    to: /** @type {number | null} */ (null),
  };
  for (let i = 1; i < acks.length; i++) {
    const prev = /** @type {Ack} */ (acks[i - 1]);
    const cur = /** @type {Ack} */ (acks[i]);
    const ms = cur.at - prev.at;
    if (ms > longestGap.ms) longestGap = { ms, afterN: prev.n, from: prev.at, to: cur.at };
  }
  /** @type {Record<string, number>} */
  const errors = {};
  for (const f of failures) errors[f.code] = (errors[f.code] ?? 0) + 1;
  /** @type {Record<string, number>} */
  const byServer = {};
  for (const a of acks) byServer[String(a.serverId)] = (byServer[String(a.serverId)] ?? 0) + 1;
  return {
    runId,
    rate,
    attempted,
    acked: acks.map((a) => a.n),
    ackedCount: acks.length,
    failures: failures.length,
    errors,
    byServer,
    firstAckAt: acks[0]?.at ?? null,
    lastAckAt: acks.at(-1)?.at ?? null,
    longestGap,
    firstFailureAt: failures[0]?.at ?? null,
  };
}
