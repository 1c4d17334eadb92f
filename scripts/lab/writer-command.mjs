// @ts-check
/** `lab writer`: the test writer (writer.mjs) through HAProxy's writer port, for people and drills. */
import fs from 'node:fs';
import { LabError } from './errors.mjs';
import { progress } from './log.mjs';
import { ADMIN_USER, APP_USER } from './mariadb.mjs';
import { HAPROXY } from './paths.mjs';
import { prepareWriterTable, startWriter } from './writer.mjs';

/**
 * Writes for `seconds` (or until Ctrl-C) and returns the report as text or JSON.
 * @param {import('./paths.mjs').Lab} lab
 * @param {{ rate: number, seconds: number, json: boolean }} options
 */
export async function runWriter(lab, { rate, seconds, json }) {
  if (!fs.existsSync(lab.adminPassword)) throw new LabError('the lab is not up (run: lab up)');
  const password = fs.readFileSync(lab.adminPassword, 'utf8').trim();
  const endpoint = { address: HAPROXY.address, port: HAPROXY.writerPort, password };
  await prepareWriterTable({ ...endpoint, user: ADMIN_USER }).catch((err) => {
    throw new LabError(
      `cannot create the writer's table through ${HAPROXY.address}:${HAPROXY.writerPort}: ${err.message}`,
    );
  });
  const writer = startWriter({ ...endpoint, user: APP_USER, rate });
  progress(
    `writing ${rate} rows/s as ${APP_USER} through ${HAPROXY.address}:${HAPROXY.writerPort} (run ${writer.runId})`,
  );
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    process.once('SIGINT', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  const report = await writer.stop();
  if (json) return JSON.stringify({ ...report, acked: undefined }, null, 2);
  const servers = Object.entries(report.byServer)
    .map(([id, count]) => `server_id ${id}: ${count}`)
    .join(', ');
  return [
    `run ${report.runId}: ${report.ackedCount} rows acknowledged (${servers || 'none'})`,
    `failed attempts: ${report.failures}${
      Object.keys(report.errors).length
        ? ` (${Object.entries(report.errors)
            .map(([c, k]) => `${c} ×${k}`)
            .join(', ')})`
        : ''
    }`,
    `longest gap between acknowledged rows: ${report.longestGap.ms} ms${report.longestGap.afterN !== null ? ` (after row ${report.longestGap.afterN})` : ''}`,
  ].join('\n');
}
