// @ts-check
/** What clients need to reach the lab: inventory.json, known_hosts and an ssh_config. */
import fs from 'node:fs';
import { readPublicKey } from './keys.mjs';
import { ADMIN_USER, adminPassword, hasMysql } from './mariadb.mjs';
import { IN_HOST } from './mycnf.mjs';
import { sshPassword } from './password.mjs';
import { HAPROXY, MYSQL_PORT, SSH_PORT } from './paths.mjs';
import { PROXY_NAME, proxyHosts, proxyInventoryHost } from './proxy-host.mjs';
import { SUDO_LOGINS } from './sudo-logins.mjs';
import { labCa } from './tls.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/**
 * Writes inventory.json, known_hosts and ssh_config for `hosts`.
 * @param {Lab} lab
 * @param {Host[]} hosts
 * @param {{ mysqlVersion: string | null, haproxy: boolean }} facts
 */
export function writeClientFiles(lab, hosts, facts) {
  fs.writeFileSync(lab.inventory, `${JSON.stringify(inventory(lab, hosts, facts), null, 2)}\n`, {
    mode: 0o600,
  });
  // The proxy host (HAProxy) is reached over SSH like the db hosts.
  const all = facts.haproxy ? [...hosts, ...proxyHosts(lab)] : hosts;
  fs.writeFileSync(lab.knownHosts, knownHosts(all));
  fs.writeFileSync(lab.sshConfig, sshConfig(lab, all));
}

/**
 * @param {Lab} lab
 * @param {Host[]} hosts
 * @param {{ mysqlVersion: string | null, haproxy: boolean }} facts
 */
function inventory(lab, hosts, facts) {
  return {
    version: 1,
    lab: lab.dir,
    sshKey: lab.clientKey,
    hosts: [
      ...hosts.map((host) => inventoryHost(lab, host, facts.mysqlVersion)),
      ...(facts.haproxy ? [proxyInventoryHost(lab)] : []),
    ],
    // The CA that signed every lab MariaDB's certificate (for clients that verify TLS).
    ...(fs.existsSync(labCa(lab).cert) ? { tlsCa: labCa(lab).cert } : {}),
    ...(facts.haproxy ? { haproxy: { ...HAPROXY, host: PROXY_NAME } } : {}),
  };
}

/**
 * A host without MySQL (brought up with --no-mysql) has no `mysql` entry and is not in group "db".
 * @param {Lab} lab
 * @param {Host} host
 * @param {string | null} mysqlVersion
 */
function inventoryHost(lab, host, mysqlVersion) {
  const password = sshPassword(lab);
  const base = {
    name: host.name,
    address: host.address,
    port: SSH_PORT,
    user: 'root',
    // root's password inside the host (password-auth tests); absent without openssl
    ...(password ? { sshPassword: password } : {}),
    hostKeys: host.hostKeys.map((key) => readPublicKey(key.file)),
    // Non-root logins with the lab key (sudo-logins.mjs): sudo without / with a password.
    logins: SUDO_LOGINS.map(({ user, sudo }) => ({ user, sudo })),
  };
  // Stock hosts carry no MySQL login and no profile: Opsdeck must detect how they are run.
  if (host.shape === 'stock')
    return { ...base, shape: 'stock', groups: ['lab', 'stock'], tags: ['lab'] };
  if (!hasMysql(host)) return { ...base, groups: ['lab'], tags: ['lab'], profile: { sudo: false } };
  return {
    ...base,
    groups: ['lab', 'db'],
    tags: ['lab'],
    mysql: { port: MYSQL_PORT, adminUser: ADMIN_USER, adminPassword: adminPassword(lab) },
    profile: {
      sudo: false,
      mysqlConfigPath: IN_HOST.myCnf,
      mysqlDataDir: IN_HOST.dataDir,
      mysqlServiceStart: 'mysql-service start',
      mysqlServiceStop: 'mysql-service stop',
      mysqlServiceRestart: 'mysql-service restart',
      mysqlFlavor: 'mariadb',
      mysqlVersion,
    },
  };
}

/** @param {Host[]} hosts */
function knownHosts(hosts) {
  return hosts
    .flatMap((host) =>
      host.hostKeys.map((key) => {
        const { type, publicKey } = readPublicKey(key.file);
        return `${host.address} ${type} ${publicKey}\n`;
      }),
    )
    .join('');
}

/**
 * @param {Lab} lab
 * @param {Host[]} hosts
 */
function sshConfig(lab, hosts) {
  const entries = hosts.map(
    (host) => `Host ${host.name}
  HostName ${host.address}
  Port ${SSH_PORT}
  User root
  IdentityFile ${lab.clientKey}
  IdentitiesOnly yes
  UserKnownHostsFile ${lab.knownHosts}
  StrictHostKeyChecking yes
`,
  );
  return [`# Opsdeck lab hosts: ssh -F ${lab.sshConfig} db1`, ...entries].join('\n');
}
