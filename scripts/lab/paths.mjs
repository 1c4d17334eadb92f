// @ts-check
/** Where everything lives: the lab dir, its files, and each host's folder and address. No I/O. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from './errors.mjs';
import { checkLabNet } from './lab-net.mjs';

/** db1..dbN on `<net>.1..<net>.50` (50: the live-charts bench's fleet, mostly `--no-mysql`). */
export const MAX_HOSTS = 50;
/** Stock hosts are few: each runs a full MariaDB. */
export const MAX_STOCK_HOSTS = 20;
/** Stock hosts (`lab up --stock N`, see stock.mjs) are stock1..stockN on `<net>.101..<net>.120`. */
export const STOCK_ADDRESS_OFFSET = 100;

/**
 * The lab's /24 on loopback (`OPSDECK_LAB_NET`, default `127.0.10`): hosts are `<net>.I`, HAProxy
 * `<net>.254`. A second checkout can run its own lab beside the first with another net and lab dir.
 */
export const LAB_NET = checkLabNet(process.env.OPSDECK_LAB_NET || '127.0.10');

export const SSH_PORT = 22;
export const MYSQL_PORT = 3306;
export const HAPROXY = {
  address: `${LAB_NET}.254`,
  writerPort: 3306,
  readerPort: 3307,
  statsPort: 8404,
};

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** @typedef {ReturnType<typeof labPaths>} Lab */
/** @typedef {ReturnType<typeof namedHostPaths>} Host */

/** The lab dir (`OPSDECK_LAB_DIR`, default `<repo>/.lab`) and the lab-wide files in it. */
export function labPaths() {
  const dir = path.resolve(process.env.OPSDECK_LAB_DIR || path.join(REPO_ROOT, '.lab'));
  if (/\s/.test(dir)) throw new LabError(`the lab dir must not contain whitespace: ${dir}`, 2);
  return {
    dir,
    hostsDir: path.join(dir, 'hosts'),
    clientKey: path.join(dir, 'keys', 'id_ed25519'),
    inventory: path.join(dir, 'inventory.json'),
    knownHosts: path.join(dir, 'known_hosts'),
    sshConfig: path.join(dir, 'ssh_config'),
    createdPaths: path.join(dir, 'created-paths.json'),
    // One admin password for all hosts, so a client behind HAProxy's round robin can log in anywhere.
    adminPassword: path.join(dir, 'mysql-admin.password'),
    // Root's SSH password on every host (password-auth tests; see password.mjs).
    sshPassword: path.join(dir, 'ssh-root.password'),
    haproxyConfig: path.join(dir, 'haproxy', 'haproxy.cfg'),
    haproxyPid: path.join(dir, 'haproxy', 'haproxy.pid'),
  };
}

/**
 * How a host is made: `lab` hosts (db1..dbN) are shaped for tests (admin account, binlog on, unique
 * server_id, the lab's own my.cnf and mysql-service); `stock` hosts (stock1..stockN) look like a
 * fresh Debian install of mariadb-server (stock.mjs).
 * @typedef {'lab' | 'stock'} Shape
 */

/**
 * Host `db<index>` (or `stock<index>`): name, loopback address and every path in its folder.
 * @param {Lab} lab
 * @param {number} index 1-based
 * @param {Shape} [shape]
 */
export function hostPaths(lab, index, shape = 'lab') {
  const stock = shape === 'stock';
  const name = stock ? `stock${index}` : `db${index}`;
  return namedHostPaths(lab, name, index, shape, stock ? STOCK_ADDRESS_OFFSET + index : index);
}

/**
 * A host named `name` (db and stock hosts, and the proxy host of proxy-host.mjs).
 * @param {Lab} lab
 * @param {string} name
 * @param {number} index its number among hosts of its shape
 * @param {'lab' | 'stock'} [shape]
 * @param {number} [octet] last octet of its address (default: index)
 */
export function namedHostPaths(lab, name, index, shape = 'lab', octet = index) {
  const dir = path.join(lab.hostsDir, name);
  const at = (/** @type {string[]} */ ...parts) => path.join(dir, ...parts);
  return {
    index,
    name,
    shape,
    address: `${LAB_NET}.${octet}`,
    dir,
    // Folders bind-mounted inside the host's namespace (see namespace.mjs).
    etcMysql: at('etc-mysql'),
    data: at('data'),
    run: at('run'),
    log: at('log'),
    bin: at('bin'),
    // root's home: each host has its own, as real hosts do (the machine's /root stays unseen).
    home: at('root-home'),
    // Namespace holder.
    holderScript: at('holder.sh'),
    holderPid: at('holder.pid'),
    holderLog: at('holder.log'),
    // sshd.
    sshDir: at('ssh'),
    sshdConfig: at('ssh', 'sshd_config'),
    hostKeys: [
      { type: 'ed25519', file: at('ssh', 'ssh_host_ed25519_key') },
      { type: 'rsa', file: at('ssh', 'ssh_host_rsa_key') },
    ],
    sshdPid: at('sshd.pid'),
    sshdLog: at('sshd.log'),
    // Copy of /etc/shadow with the lab's root password, mounted over /etc/shadow in the host.
    shadow: at('shadow'),
    // The host's own /etc/fstab (namespace-setup.mjs): disk workflows add lines to it.
    fstab: at('fstab'),
    // The sudo logins (sudo-logins.mjs): copies of /etc/passwd and /etc/group with them, their
    // sudoers rules (mounted over /etc/sudoers.d) and their homes (mounted over /home/<user>).
    passwd: at('passwd'),
    group: at('group'),
    sudoers: at('sudoers.d'),
    homes: at('home'),
    // Stock hosts: a private /tmp (MariaDB's default tmpdir; see stock.mjs).
    tmp: at('tmp'),
    // MariaDB (real paths of what the host sees under /etc/mysql, /run/mysqld, /var/log/mysql).
    myCnf: at('etc-mysql', 'my.cnf'),
    mysqlService: at('bin', 'mysql-service'),
    mysqlPid: at('run', 'mysqld.pid'),
    errorLog: at('log', 'error.log'),
    mysqlInstalled: at('mysql-installed'),
  };
}
