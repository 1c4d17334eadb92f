// @ts-check
/** `lab up`: brings up db1..dbN (and MariaDB + HAProxy unless --no-mysql), keeping what runs. */
import { ensureLabDir, ensureSystemDir } from './footprint.mjs';
import { ensureHaproxy, hasHaproxy } from './haproxy.mjs';
import { createHostFolders, existingHostCount, hostRange } from './host.mjs';
import { writeClientFiles } from './inventory.mjs';
import { ensureKeyPair } from './keys.mjs';
import { progress } from './log.mjs';
import { ensureMariadb, hasMysql, mariadbVersion } from './mariadb.mjs';
import { HOST_MOUNTS, ensureHolder } from './namespace.mjs';
import { labPaths } from './paths.mjs';
import { forEachLimited } from './pool.mjs';
import { HOST_PROGRAMS, MYSQL_PROGRAMS, STOCK_PROGRAMS, requirePrograms } from './preflight.mjs';
import { prepareNamespace } from './namespace-setup.mjs';
import { prepareSshd, startSshd } from './sshd.mjs';
import { ensureStockMariadb } from './stock.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/** Hosts set up at once: sshd is light, MariaDB initialisation takes a core each. */
const SSH_PARALLELISM = 4;
const MYSQL_PARALLELISM = 2;

/**
 * @param {{ hosts: number, mysql: boolean, stock?: number }} options
 */
export async function up({ hosts: requested, mysql, stock = 0 }) {
  requirePrograms([
    ...HOST_PROGRAMS,
    ...(mysql ? MYSQL_PROGRAMS : []),
    ...(mysql && stock > 0 ? STOCK_PROGRAMS : []),
  ]);
  const startedAt = Date.now();
  const lab = labPaths();
  await prepareLab(lab);
  const existing = existingHostCount(lab);
  if (existing > requested) progress(`the lab has ${existing} hosts; keeping all of them`);
  const hosts = hostRange(lab, Math.max(requested, existing));
  const stockHosts = stockHostsToKeep(lab, stock);
  await forEachLimited([...hosts, ...stockHosts], SSH_PARALLELISM, (host) =>
    bringUpHost(lab, host),
  );
  if (mysql) {
    await forEachLimited(hosts, MYSQL_PARALLELISM, async (host) =>
      ensureMariadb(lab, host, await ensureHolder(host)),
    );
    await forEachLimited(stockHosts, MYSQL_PARALLELISM, async (host) =>
      ensureStockMariadb(lab, host, await ensureHolder(host)),
    );
    await ensureHaproxy(lab, hosts);
  }
  const all = [...hosts, ...stockHosts];
  const mysqlVersion = all.some(hasMysql) ? await mariadbVersion() : null;
  writeClientFiles(lab, all, { mysqlVersion, haproxy: hasHaproxy(lab) });
  progress(`up: ${all.length} host(s) ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
}

/**
 * stock1..stockN: the requested count, or more when the lab has more already (never removed).
 * @param {Lab} lab
 * @param {number} requested
 */
function stockHostsToKeep(lab, requested) {
  const existing = existingHostCount(lab, 'stock');
  if (existing > requested && requested > 0) {
    progress(`the lab has ${existing} stock hosts; keeping all of them`);
  }
  return hostRange(lab, Math.max(requested, existing), 'stock');
}

/**
 * Lab dir, the mount points and /run/sshd on the real filesystem, the client key.
 * @param {Lab} lab
 */
async function prepareLab(lab) {
  ensureLabDir(lab);
  for (const [, mountPoint] of HOST_MOUNTS) ensureSystemDir(lab, mountPoint, 0o755);
  ensureSystemDir(lab, '/run/sshd', 0o755);
  await ensureKeyPair(lab.clientKey, 'ed25519', 'opsdeck-lab');
}

/**
 * Folders, namespace and sshd of one host.
 * @param {Lab} lab
 * @param {Host} host
 */
async function bringUpHost(lab, host) {
  createHostFolders(host);
  await prepareSshd(lab, host);
  const holder = await ensureHolder(host);
  await prepareNamespace(lab, host, holder);
  await startSshd(host, holder);
}
