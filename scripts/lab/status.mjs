// @ts-check
/** `lab status`: each host's address, hostname, sshd and MariaDB, and HAProxy; as text or JSON. */
import { haproxyPid, hasHaproxy } from './haproxy.mjs';
import { existingHosts } from './host.mjs';
import { hasMysql, mysqlPid } from './mariadb.mjs';
import { holderPid, inHost } from './namespace.mjs';
import { HAPROXY } from './paths.mjs';
import { run } from './proc.mjs';
import { sshdPid } from './sshd.mjs';
import { PROXY_NAME, proxyHostPaths } from './proxy-host.mjs';

/** @typedef {{ up: boolean, pid: number | null }} ProcessState */

/**
 * @param {import('./paths.mjs').Lab} lab
 */
export async function labStatus(lab) {
  return {
    lab: lab.dir,
    hosts: await Promise.all(existingHosts(lab).map(hostStatus)),
    haproxy: hasHaproxy(lab)
      ? {
          ...HAPROXY,
          ...processState(haproxyPid(lab)),
          host: PROXY_NAME,
          sshd: processState(sshdPid(proxyHostPaths(lab))),
        }
      : null,
  };
}

/**
 * @param {Awaited<ReturnType<typeof labStatus>>} status
 */
export function formatStatus(status) {
  if (status.hosts.length === 0) return `no lab at ${status.lab} (run: scripts/lab/lab up)`;
  const header = ['HOST', 'ADDRESS', 'HOSTNAME', 'SSHD', 'MYSQL'];
  const rows = [
    header,
    ...status.hosts.map((host) => [
      host.name,
      host.address,
      host.hostname ?? '-',
      describe(host.sshd),
      host.mysql === null ? 'none' : describe(host.mysql),
    ]),
  ];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return [...table, ...(status.haproxy ? [formatHaproxy(status.haproxy)] : [])].join('\n');
}

/** @param {typeof HAPROXY & ProcessState & { host: string, sshd: ProcessState }} haproxy */
function formatHaproxy({ address, writerPort, readerPort, statsPort, host, sshd, ...state }) {
  const ports = `writer ${writerPort}, readers ${readerPort}, stats http://${address}:${statsPort}/`;
  return `haproxy on ${host} ${address} ${describe(state)} (sshd ${describe(sshd)}): ${ports}`;
}

/** @param {import('./paths.mjs').Host} host */
async function hostStatus(host) {
  const holder = holderPid(host);
  return {
    name: host.name,
    address: host.address,
    hostname: holder === null ? null : await hostnameIn(holder),
    holder,
    sshd: processState(sshdPid(host)),
    mysql: hasMysql(host) ? processState(mysqlPid(host)) : null,
  };
}

/**
 * The hostname as the host itself reports it.
 * @param {number} holder
 */
async function hostnameIn(holder) {
  const result = await run('nsenter', inHost(holder, ['hostname']));
  return result.code === 0 ? result.stdout.trim() : null;
}

/**
 * @param {number | null} pid
 * @returns {ProcessState}
 */
function processState(pid) {
  return { up: pid !== null, pid };
}

/** @param {ProcessState} state */
function describe(state) {
  return state.up ? `up (${state.pid})` : 'down';
}
