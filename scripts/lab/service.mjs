// @ts-check
/** `lab start|stop|restart|kill <host> mysql|ssh`: one service of one host, nothing else. */
import { LabError } from './errors.mjs';
import { findHost } from './host.mjs';
import { hasMysql, mysqlPid, startMysql, stopMysql } from './mariadb.mjs';
import { ensureHolder } from './namespace.mjs';
import { labPaths } from './paths.mjs';
import { prepareNamespace } from './namespace-setup.mjs';
import { sshdPid, startSshd, stopSshd } from './sshd.mjs';
import { PROXY_NAME, controlProxyHaproxy, proxyHaproxyPid, proxyHostPaths } from './proxy-host.mjs';
import { startStockMysql } from './stock.mjs';

/** @typedef {import('./paths.mjs').Host} Host */
/**
 * @typedef {{
 *   pid: (host: Host) => number | null,
 *   start: (host: Host) => Promise<unknown>,
 *   stop: (host: Host, signal: NodeJS.Signals) => Promise<unknown>,
 * }} Service
 */

/** @type {Record<string, Service>} */
const SERVICES = {
  mysql: {
    pid: mysqlPid,
    start: async (host) => {
      if (!hasMysql(host)) {
        throw new LabError(`${host.name} has no MariaDB (brought up with --no-mysql); run: lab up`);
      }
      const holder = await ensureHolder(host);
      if (host.shape === 'stock') {
        await prepareNamespace(labPaths(), host, holder);
        await startStockMysql(host, holder);
      } else await startMysql(host, holder);
    },
    stop: stopMysql,
  },
  ssh: {
    pid: sshdPid,
    start: async (host) => {
      const holder = await ensureHolder(host);
      await prepareNamespace(labPaths(), host, holder);
      return startSshd(host, holder);
    },
    stop: stopSshd,
  },
  // Only on the proxy host (proxy-host.mjs).
  haproxy: {
    pid: () => proxyHaproxyPid(labPaths()),
    start: (host) => onProxy(host, () => controlProxyHaproxy(labPaths(), 'start')),
    stop: (host, signal) =>
      onProxy(host, () => controlProxyHaproxy(labPaths(), signal === 'SIGKILL' ? 'kill' : 'stop')),
  },
};

/**
 * @param {Host} host
 * @param {() => Promise<unknown>} act
 */
function onProxy(host, act) {
  if (host.name !== PROXY_NAME)
    throw new LabError(`${host.name} runs no HAProxy (${PROXY_NAME} does)`, 2);
  return act();
}

/** @type {Record<string, (service: Service, host: Host) => Promise<unknown>>} */
const ACTIONS = {
  start: (service, host) => service.start(host),
  stop: (service, host) => service.stop(host, 'SIGTERM'),
  kill: (service, host) => service.stop(host, 'SIGKILL'),
  restart: async (service, host) => {
    await service.stop(host, 'SIGTERM');
    await service.start(host);
  },
};

export const ACTION_NAMES = Object.keys(ACTIONS);
const SERVICE_NAMES = Object.keys(SERVICES);

/**
 * Runs `action` on one service of one host; returns a line saying what changed.
 * @param {string} action
 * @param {string} hostName
 * @param {string} serviceName
 */
export async function controlService(action, hostName, serviceName) {
  const service = SERVICES[serviceName];
  const act = ACTIONS[action];
  if (!service || !act) {
    throw new LabError(`usage: lab ${ACTION_NAMES.join('|')} <host> ${SERVICE_NAMES.join('|')}`, 2);
  }
  const host =
    hostName === PROXY_NAME ? proxyHostPaths(labPaths()) : findHost(labPaths(), hostName);
  const before = describe(service.pid(host));
  await act(service, host);
  return `${host.name} ${serviceName}: ${before} -> ${describe(service.pid(host))}`;
}

/** @param {number | null} pid */
function describe(pid) {
  return pid === null ? 'down' : `up (${pid})`;
}
