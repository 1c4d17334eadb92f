import mysql from 'mysql2/promise';
import { labAdmin, sql } from './mysql-lab';

export const BK_DB = 'opsdeck_bk';

/** Known rows on the source: a table the writer appends to, and four bulk tables (mydumper has work). */
export async function createBackupData(name: string, bulkRows = 3000) {
  await sql(
    name,
    `CREATE DATABASE IF NOT EXISTS ${BK_DB}; USE ${BK_DB};
     CREATE TABLE IF NOT EXISTS ${BK_DB}.events (id INT AUTO_INCREMENT PRIMARY KEY, gtid VARCHAR(64), n INT) ENGINE=InnoDB;
     ${[1, 2, 3, 4]
       .map(
         (i) =>
           `CREATE TABLE IF NOT EXISTS ${BK_DB}.bulk${i} (id INT PRIMARY KEY, body VARCHAR(200)) ENGINE=InnoDB;
            INSERT IGNORE INTO ${BK_DB}.bulk${i} SELECT seq, REPEAT(MD5(seq * ${i}), 3) FROM seq_1_to_${bulkRows};`,
       )
       .join('\n')}`,
  );
}

/**
 * Inserts into events, one transaction each, and records every insert's GTID sequence number
 * (@@last_gtid): afterwards the rows a backup at GTID 0-1-N must hold are exactly those ≤ N.
 */
export function startGtidWriter(name: string) {
  let stop = false;
  const written: { id: number; seq: number }[] = [];
  const done = (async () => {
    const conn = await mysql.createConnection(labAdmin(name));
    try {
      while (!stop) {
        const [res] = await conn.query(`INSERT INTO ${BK_DB}.events (n) VALUES (?)`, [
          written.length,
        ]);
        const [[row]] = (await conn.query('SELECT @@last_gtid AS g')) as unknown as [
          [{ g: string }],
        ];
        const seq = Number(row.g.split('-').pop());
        written.push({ id: (res as { insertId: number }).insertId, seq });
        await new Promise((r) => setTimeout(r, 3));
      }
    } finally {
      await conn.end();
    }
    return written;
  })();
  return { written, stop: async () => ((stop = true), done) };
}

/** The events ids a copy at GTID `gtid` (domain 0, server 1) must hold. */
export function idsUpTo(
  written: readonly { id: number; seq: number }[],
  gtid: string,
  before: number[],
) {
  const seq = Number(
    gtid
      .split(',')
      .find((g) => g.startsWith('0-'))
      ?.split('-')
      .pop() ?? -1,
  );
  return [...before, ...written.filter((w) => w.seq <= seq).map((w) => w.id)].sort((a, b) => a - b);
}

export async function eventIds(name: string): Promise<number[]> {
  const rows = await sql(name, `SELECT id FROM ${BK_DB}.events ORDER BY id`);
  return rows.map((r) => Number(r.id));
}
