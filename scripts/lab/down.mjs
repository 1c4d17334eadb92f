// @ts-check
/**
 * `lab down`: stops every lab process and removes every file and directory the lab made (system
 * directories other running labs use too are handed to one of them: footprint.mjs).
 */
import fs from 'node:fs';
import { createdPaths, settleCreatedPaths } from './footprint.mjs';
import { stopHaproxy } from './haproxy.mjs';
import { proxyHosts } from './proxy-host.mjs';
import { monitoringDown } from './monitoring.mjs';
import { existingHosts } from './host.mjs';
import { progress } from './log.mjs';
import { stopMysql } from './mariadb.mjs';
import { stopHolder } from './namespace.mjs';
import { labPaths } from './paths.mjs';
import { forEachLimited } from './pool.mjs';
import { stopSshd } from './sshd.mjs';
import { awaitReaped, labProcesses, sweep } from './sweep.mjs';

export async function down() {
  const lab = labPaths();
  // The proxy host is stopped by stopHaproxy; listed here so the sweep knows its namespace too.
  const hosts = [...existingHosts(lab), ...proxyHosts(lab)];
  const processes = labProcesses(lab, hosts);
  await monitoringDown();
  if (await stopHaproxy(lab)) progress('haproxy stopped');
  await forEachLimited(hosts, hosts.length || 1, stopHost);
  await sweep(lab, hosts);
  await awaitReaped(processes);
  const created = createdPaths(lab);
  const existed = fs.existsSync(lab.dir);
  fs.rmSync(lab.dir, { recursive: true, force: true });
  settleCreatedPaths(lab, created);
  return existed ? `removed the lab at ${lab.dir}` : `no lab at ${lab.dir}`;
}

/** @param {import('./paths.mjs').Host} host */
async function stopHost(host) {
  if (await stopMysql(host, 'SIGTERM')) progress(`${host.name}: mariadbd stopped`);
  if (await stopSshd(host, 'SIGTERM')) progress(`${host.name}: sshd stopped`);
  if (await stopHolder(host)) progress(`${host.name}: namespace holder stopped`);
}
