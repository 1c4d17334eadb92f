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
import { HOST_PROGRAMS, MYSQL_PROGRAMS, requirePrograms } from './preflight.mjs';
import { ensureRootPassword } from './password.mjs';
import { prepareSshd, startSshd } from './sshd.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/** Hosts set up at once: sshd is light, MariaDB initialisation takes a core each. */
const SSH_PARALLELISM = 4;
const MYSQL_PARALLELISM = 2;

/**
 * @param {{ hosts: number, mysql: boolean }} options
 */
export async function up({ hosts: requested, mysql }) {
  requirePrograms(mysql ? [...HOST_PROGRAMS, ...MYSQL_PROGRAMS] : HOST_PROGRAMS);
  const startedAt = Date.now();
  const lab = labPaths();
  await prepareLab(lab);
  const existing = existingHostCount(lab);
  if (existing > requested) progress(`the lab has ${existing} hosts; keeping all of them`);
  const hosts = hostRange(lab, Math.max(requested, existing));
  await forEachLimited(hosts, SSH_PARALLELISM, (host) => bringUpHost(lab, host));
  if (mysql) {
    await forEachLimited(hosts, MYSQL_PARALLELISM, async (host) =>
      ensureMariadb(lab, host, await ensureHolder(host)),
    );
    await ensureHaproxy(lab, hosts);
  }
  const mysqlVersion = hosts.some(hasMysql) ? await mariadbVersion() : null;
  writeClientFiles(lab, hosts, { mysqlVersion, haproxy: hasHaproxy(lab) });
  progress(`up: ${hosts.length} host(s) ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
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
  await ensureRootPassword(lab, host, holder);
  await startSshd(host, holder);
}
