// @ts-check
/**
 * Stock hosts (`lab up --stock N`): MariaDB exactly as Debian 12's mariadb-server package leaves a
 * fresh install — binary log off, server_id 1 on every host, root authenticated by unix_socket only
 * (no other account), the package's /etc/mysql layout (my.cnf → mariadb.cnf with `!includedir`,
 * settings in mariadb.conf.d/50-server.cnf) and its SysV service (`service mariadb start|stop|
 * restart`, /etc/init.d/mariadb → mysqld_safe). Opsdeck has to find all of this out by itself.
 *
 * Deviations, all forced by sharing one machine: 50-server.cnf binds the host's own loopback address
 * instead of 127.0.0.1 (every lab host shares one network namespace); each host has a private /tmp
 * (MariaDB's default tmpdir: a starting server deletes every `#sql*` file in it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.mjs';
import { lastLines, writeOnce } from './files.mjs';
import { progress } from './log.mjs';
import { hasMysql, mysqlPid, mysqlUser, stopMysql } from './mariadb.mjs';
import { inHost } from './namespace.mjs';
import { isMounted } from './password.mjs';
import { programPath } from './preflight.mjs';
import { run, runOrThrow } from './proc.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/** Where the package keeps its config; stock hosts get a copy of these files. */
const DISTRIBUTION_ETC = '/etc/mysql';
const DISTRIBUTION_FILES = [
  'mariadb.cnf',
  'my.cnf.fallback',
  'debian-start',
  'conf.d/mysql.cnf',
  'conf.d/mysqldump.cnf',
  'mariadb.conf.d/50-client.cnf',
  'mariadb.conf.d/50-mysql-clients.cnf',
  'mariadb.conf.d/50-mysqld_safe.cnf',
  'mariadb.conf.d/50-server.cnf',
  'mariadb.conf.d/60-galera.cnf',
];
const PACKAGES = ['mariadb-server', 'mariadb-client', 'mariadb-common', 'mysql-common'];

/** What a stock host looks like from inside (for tests and docs). */
export const STOCK = {
  serverConfig: '/etc/mysql/mariadb.conf.d/50-server.cnf',
  service: 'service mariadb',
  socket: '/run/mysqld/mysqld.sock',
  dataDir: '/var/lib/mysql',
};

/** Written by Debian's postinst (not a conffile); the init script's mariadb-admin reads it. */
const DEBIAN_CNF = `# THIS FILE IS OBSOLETE. STOP USING IT IF POSSIBLE.
# This file exists only for backwards compatibility for
# tools that run '--defaults-file=/etc/mysql/debian.cnf'
# and have root level access to the local filesystem.
# With those permissions one can run 'mariadb' directly
# anyway thanks to unix socket authentication and hence
# this file is useless. See package README for more info.
[client]
host     = localhost
user     = root
[mysql_upgrade]
host     = localhost
user     = root
# THIS FILE WILL BE REMOVED IN A FUTURE DEBIAN RELEASE.
`;

/**
 * A private /tmp for a stock host (mounted after its holder starts, before anything else runs).
 * @param {Host} host
 * @param {number} holder
 */
export async function ensureStockMounts(host, holder) {
  fs.mkdirSync(host.tmp, { recursive: true });
  fs.chmodSync(host.tmp, 0o1777);
  if (isMounted(holder, '/tmp')) return;
  await runOrThrow(
    'nsenter',
    inHost(holder, ['mount', '--bind', host.tmp, '/tmp']),
    `bind-mounting /tmp of ${host.name}`,
  );
}

/**
 * The package's config files, a data dir made as the package's postinst makes it, the server
 * started by the distribution's service command. Keeps what is there.
 * @param {Lab} _lab
 * @param {Host} host
 * @param {number} holder
 */
export async function ensureStockMariadb(_lab, host, holder) {
  copyDistributionConfig(host);
  await installDataDir(host, holder);
  await startStockMysql(host, holder);
}

/**
 * `lab reset stockN [--collation C]`: the host's MariaDB as freshly installed again — server
 * stopped, /etc/mysql, data dir and logs wiped, the package's files copied, the data dir made, the
 * server started. With a collation, the server is installed with it as its default (a file in
 * mariadb.conf.d, as an admin would add one): the system tables then carry it too.
 * @param {Lab} lab
 * @param {Host} host
 * @param {number} holder
 * @param {{ collation?: string, bindLoopback?: boolean }} [options]
 */
export async function resetStockHost(lab, host, holder, options = {}) {
  if (host.shape !== 'stock')
    throw new LabError(`${host.name} is not a stock host; only stock hosts can be reset`, 2);
  await stopMysql(host, 'SIGTERM');
  for (const dir of [host.etcMysql, host.data, host.log, host.tmp]) {
    for (const entry of fs.readdirSync(dir))
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  fs.rmSync(host.mysqlInstalled, { force: true });
  copyDistributionConfig(host, { bindLoopback: options.bindLoopback === true });
  if (options.collation) writeCollation(host, options.collation);
  await ensureStockMariadb(lab, host, holder);
  const extras = [
    options.collation ? `default collation ${options.collation}` : '',
    options.bindLoopback ? 'listening on 127.0.0.1 only, as the package ships it' : '',
  ].filter(Boolean);
  return `${host.name}: MariaDB reset to a fresh install${extras.length ? ` (${extras.join('; ')})` : ''}`;
}

/**
 * @param {Host} host
 * @param {string} collation e.g. utf8mb4_unicode_520_ci
 */
function writeCollation(host, collation) {
  if (!/^[a-z0-9]+_[a-z0-9_]+$/.test(collation))
    throw new LabError(`not a collation name: ${collation}`, 2);
  const charset = collation.split('_')[0];
  fs.writeFileSync(
    path.join(host.etcMysql, 'mariadb.conf.d', '60-collation.cnf'),
    `[mysqld]\ncharacter-set-server = ${charset}\ncollation-server = ${collation}\n`,
  );
}

/**
 * `service mariadb start` inside the host (no-op when it runs). Output goes to a file: the init
 * script leaves `logger` holding its stderr, which would keep a pipe open forever.
 * @param {Host} host
 * @param {number} holder
 */
export async function startStockMysql(host, holder) {
  if (mysqlPid(host) !== null) return;
  const log = path.join(host.log, 'lab-service.log');
  const result = await run(
    'nsenter',
    inHost(holder, ['sh', '-c', `service mariadb start >/var/log/mysql/lab-service.log 2>&1`]),
  );
  if (result.code !== 0 || mysqlPid(host) === null) {
    throw new LabError(
      `service mariadb start on ${host.name} failed (exit ${result.code}):\n${lastLines(log, 15) || '(no output)'}`,
    );
  }
  progress(`${host.name}: mariadbd started by \`service mariadb start\` (pid ${mysqlPid(host)})`);
}

/**
 * The host's /etc/mysql: a copy of the machine's package files (checked against the package's
 * checksums: an edited file is reported), my.cnf → /etc/alternatives/my.cnf as Debian links it,
 * debian.cnf, and 50-server.cnf bound to the host's own address — or, with bindLoopback, to
 * 127.0.0.1 exactly as the package ships it (the address is shared by every lab on the machine:
 * one such host at a time).
 * @param {Host} host
 * @param {{ bindLoopback?: boolean }} [options]
 */
function copyDistributionConfig(host, options = {}) {
  const sums = conffileSums();
  for (const file of DISTRIBUTION_FILES) {
    const source = path.join(DISTRIBUTION_ETC, file);
    const target = path.join(host.etcMysql, file);
    if (fs.existsSync(target)) continue;
    if (!fs.existsSync(source)) {
      throw new LabError(
        `${source} is missing: reinstall the package (apt-get install --reinstall mariadb-server)`,
        2,
      );
    }
    const content = fs.readFileSync(source);
    const expected = sums.get(source);
    if (expected && createHash('md5').update(content).digest('hex') !== expected) {
      progress(
        `${source} differs from the package's; ${host.name} gets this machine's edited copy`,
      );
    }
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.writeFileSync(
      target,
      file.endsWith('50-server.cnf') && !options.bindLoopback
        ? bindOwnAddress(content.toString('utf8'), host)
        : content,
      { mode: fs.statSync(source).mode & 0o777 },
    );
  }
  const myCnf = path.join(host.etcMysql, 'my.cnf');
  if (!fs.existsSync(myCnf) && !isSymlink(myCnf)) {
    fs.symlinkSync(
      fs.existsSync('/etc/alternatives/my.cnf') ? '/etc/alternatives/my.cnf' : 'mariadb.cnf',
      myCnf,
    );
  }
  writeOnce(path.join(host.etcMysql, 'debian.cnf'), DEBIAN_CNF, 0o600);
}

/**
 * @param {string} serverCnf
 * @param {Host} host
 */
function bindOwnAddress(serverCnf, host) {
  const line = /^bind-address\s*=\s*127\.0\.0\.1\s*$/m;
  if (!line.test(serverCnf)) {
    throw new LabError(
      `${DISTRIBUTION_ETC}/mariadb.conf.d/50-server.cnf has no bind-address = 127.0.0.1 line`,
    );
  }
  return serverCnf.replace(
    line,
    `# Opsdeck lab: this host listens on its own loopback address (the package binds 127.0.0.1).\nbind-address            = ${host.address}`,
  );
}

/**
 * Runs the package's data dir initialisation once (as its postinst does: binary log off, no test
 * database, root by unix_socket); an interrupted earlier attempt is wiped first.
 * @param {Host} host
 * @param {number} holder
 */
async function installDataDir(host, holder) {
  const { uid, gid } = mysqlUser();
  for (const dir of [host.data, host.run, host.log]) fs.chownSync(dir, uid, gid);
  if (hasMysql(host)) return;
  progress(`${host.name}: creating the MariaDB data dir as Debian's postinst does`);
  for (const entry of fs.readdirSync(host.data)) {
    fs.rmSync(path.join(host.data, entry), { recursive: true, force: true });
  }
  await runOrThrow(
    'nsenter',
    inHost(holder, [
      programPath('mariadb-install-db'),
      '--user=mysql',
      '--disable-log-bin',
      '--skip-test-db',
    ]),
    `mariadb-install-db on ${host.name}`,
  );
  fs.writeFileSync(host.mysqlInstalled, '');
}

/** md5 sums of the packages' conffiles, by path. */
function conffileSums() {
  /** @type {Map<string, string>} */
  const sums = new Map();
  try {
    const text = fs.readFileSync('/var/lib/dpkg/status', 'utf8');
    for (const block of text.split('\n\n')) {
      const name = /^Package: (\S+)$/m.exec(block)?.[1];
      if (!name || !PACKAGES.includes(name)) continue;
      for (const m of block.matchAll(/^ (\/etc\/mysql\/\S+) ([0-9a-f]{32})/gm)) {
        sums.set(/** @type {string} */ (m[1]), /** @type {string} */ (m[2]));
      }
    }
  } catch {
    // not a dpkg system: nothing to compare with
  }
  return sums;
}

/** @param {string} file */
function isSymlink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
