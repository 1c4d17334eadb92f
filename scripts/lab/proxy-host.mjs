// @ts-check
/**
 * The lab's proxy host `proxy1` at `<net>.254`: a host like the db hosts (own mount+UTS namespace,
 * hostname, sshd, root's own home) that runs HAProxy instead of MariaDB. Opsdeck reaches it over SSH
 * and drives HAProxy the way it would on a real proxy host: the config file, the admin stats socket
 * and the reload command named in its profile (see inventory entry below and docs/lab.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureSystemDir } from './footprint.mjs';
import { haproxyServiceScript, IN_PROXY } from './haproxy-service.mjs';
import { createHostFolders } from './host.mjs';
import { progress } from './log.mjs';
import { ensureHolder, holderPid, inHost, stopHolder } from './namespace.mjs';
import { namedHostPaths, SSH_PORT } from './paths.mjs';
import { ensureRootPassword, sshPassword } from './password.mjs';
import { readPublicKey } from './keys.mjs';
import { runOrThrow, runningPid, signalAndWait } from './proc.mjs';
import { ensureFstab } from './namespace-setup.mjs';
import { prepareSshd, startSshd, stopSshd } from './sshd.mjs';
import { writeIfChanged } from './files.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */
/** @typedef {ReturnType<typeof proxyHostPaths>} ProxyHost */

export const PROXY_NAME = 'proxy1';
/** Last octet of the proxy host's address (the HAProxy address the lab always had). */
export const PROXY_INDEX = 254;

/**
 * The proxy host's folders: the db host layout (so sshd, the holder and `down`'s sweep work the same)
 * plus HAProxy's config and runtime folders, mounted over /etc/haproxy and /run/haproxy in the host.
 * @param {Lab} lab
 */
export function proxyHostPaths(lab) {
  const host = namedHostPaths(lab, PROXY_NAME, PROXY_INDEX);
  const etcHaproxy = path.join(host.dir, 'etc-haproxy');
  const runHaproxy = path.join(host.dir, 'run-haproxy');
  return {
    ...host,
    etcHaproxy,
    runHaproxy,
    haproxyConfig: path.join(etcHaproxy, 'haproxy.cfg'),
    /** What the lab last wrote: a config that differs from it was edited (e.g. by Opsdeck). */
    haproxyConfigByLab: path.join(host.dir, 'haproxy.cfg.lab'),
    haproxyPidFile: path.join(runHaproxy, 'haproxy.pid'),
    haproxyService: path.join(host.bin, 'haproxy-service'),
    /**
     * Mounts inside the proxy host. /etc/mysql gets an empty folder of its own: it is the path whose
     * identity marks a lab host's namespace (namespace.mjs), so `down` finds its processes too.
     * @type {ReadonlyArray<readonly [string, string]>}
     */
    mounts: [
      [host.etcMysql, '/etc/mysql'],
      [etcHaproxy, IN_PROXY.configDir],
      [runHaproxy, IN_PROXY.runDir],
      [host.bin, '/usr/local/sbin'],
      [host.home, '/root'],
    ],
  };
}

/** @param {Lab} lab */
export function hasProxyHost(lab) {
  return fs.existsSync(proxyHostPaths(lab).haproxyConfig);
}

/**
 * Pid of the proxy host's HAProxy, or null.
 * @param {Lab} lab
 */
export function proxyHaproxyPid(lab) {
  return runningPid(proxyHostPaths(lab).haproxyPidFile, 'haproxy');
}

/**
 * Brings up the proxy host (folders, namespace, sshd, root password) with HAProxy in front of `dbHosts`.
 * The config is regenerated only while nobody else changed it (Opsdeck edits it on failover).
 * @param {Lab} lab
 * @param {Host[]} dbHosts
 * @param {string} config HAProxy config the lab wants
 */
export async function ensureProxyHost(lab, dbHosts, config) {
  const proxy = proxyHostPaths(lab);
  for (const [, mountPoint] of proxy.mounts) ensureSystemDir(lab, mountPoint, 0o755);
  createHostFolders(proxy);
  for (const dir of [proxy.etcHaproxy, proxy.runHaproxy]) fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(proxy.runHaproxy, 0o750);
  writeIfChanged(proxy.haproxyService, haproxyServiceScript(proxy), 0o755);
  const changed = writeLabConfig(proxy, config);
  await prepareSshd(lab, proxy);
  const holder = await ensureHolder(proxy);
  await ensureRootPassword(lab, proxy, holder);
  await ensureFstab(proxy, holder);
  await startSshd(proxy, holder);
  const running = proxyHaproxyPid(lab);
  if (running !== null && !changed) return running;
  const action = running === null ? 'start' : 'reload';
  const output = await runOrThrow(
    'nsenter',
    inHost(holder, [IN_PROXY.serviceScript, action]),
    `haproxy-service ${action} on ${PROXY_NAME} (config ${proxy.haproxyConfig}, ${dbHosts.length} db hosts)`,
  );
  progress(`${PROXY_NAME}: ${output.trim()}`);
  return proxyHaproxyPid(lab);
}

/**
 * Writes the lab's config unless the file was changed by someone else since the lab last wrote it.
 * Returns whether the file changed.
 * @param {ProxyHost} proxy
 * @param {string} config
 */
function writeLabConfig(proxy, config) {
  const current = readOrNull(proxy.haproxyConfig);
  const lastByLab = readOrNull(proxy.haproxyConfigByLab);
  if (current !== null && lastByLab !== null && current !== lastByLab) {
    if (lastByLab !== config)
      progress(
        `${PROXY_NAME}: ${proxy.haproxyConfig} was edited since the lab wrote it; keeping it (the lab's version is ${proxy.haproxyConfigByLab})`,
      );
    fs.writeFileSync(proxy.haproxyConfigByLab, config);
    return false;
  }
  fs.writeFileSync(proxy.haproxyConfigByLab, config);
  return writeIfChanged(proxy.haproxyConfig, config);
}

/** @param {string} file */
function readOrNull(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Starts or stops one service of the proxy host (`lab start|stop|kill proxy1 haproxy`).
 * @param {Lab} lab
 * @param {'start' | 'stop' | 'kill'} action
 */
export async function controlProxyHaproxy(lab, action) {
  const proxy = proxyHostPaths(lab);
  if (action !== 'start') {
    const pid = proxyHaproxyPid(lab);
    if (pid !== null) await signalAndWait(pid, action === 'kill' ? 'SIGKILL' : 'SIGTERM', 10_000);
    return;
  }
  const holder = await ensureHolder(proxy);
  await runOrThrow('nsenter', inHost(holder, [IN_PROXY.serviceScript, 'start']), 'haproxy start');
}

/**
 * Stops HAProxy, sshd and the namespace of the proxy host; returns whether HAProxy was running.
 * @param {Lab} lab
 */
export async function stopProxyHost(lab) {
  const proxy = proxyHostPaths(lab);
  const pid = proxyHaproxyPid(lab);
  if (pid !== null) await signalAndWait(pid, 'SIGTERM', 10_000);
  if (await stopSshd(proxy, 'SIGTERM')) progress(`${PROXY_NAME}: sshd stopped`);
  if (await stopHolder(proxy)) progress(`${PROXY_NAME}: namespace holder stopped`);
  return pid !== null;
}

/**
 * The proxy host as `down` and `status` see hosts (empty when the lab has none).
 * @param {Lab} lab
 * @returns {Host[]}
 */
export function proxyHosts(lab) {
  const proxy = proxyHostPaths(lab);
  return fs.existsSync(proxy.dir) ? [proxy] : [];
}

/** @param {Lab} lab */
export function proxyHolderPid(lab) {
  return holderPid(proxyHostPaths(lab));
}

/**
 * The proxy host's entry in inventory.json: no MySQL; its profile says where HAProxy's config and
 * admin socket are and how to reload it — Opsdeck reads these, it never assumes lab paths.
 * @param {Lab} lab
 */
export function proxyInventoryHost(lab) {
  const proxy = proxyHostPaths(lab);
  const password = sshPassword(lab);
  return {
    name: proxy.name,
    address: proxy.address,
    port: SSH_PORT,
    user: 'root',
    ...(password ? { sshPassword: password } : {}),
    hostKeys: proxy.hostKeys.map((key) => readPublicKey(key.file)),
    groups: ['lab', 'proxy'],
    tags: ['lab'],
    profile: {
      sudo: false,
      haproxyConfigPath: IN_PROXY.config,
      haproxyStatsSocket: IN_PROXY.socket,
      haproxyServiceReload: `${path.basename(IN_PROXY.serviceScript)} reload`,
    },
  };
}
