// @ts-check
/** MariaDB on each host: data dir, config, start/stop via mysql-service, the lab's accounts. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.mjs';
import { lastLines, writeIfChanged, writeOnce } from './files.mjs';
import { progress } from './log.mjs';
import { IN_HOST, myCnf } from './mycnf.mjs';
import { mysqlServiceScript } from './mysql-service.mjs';
import { inHost } from './namespace.mjs';
import { programPath } from './preflight.mjs';
import { runOrThrow, runningPid, signalAndWait } from './proc.mjs';
import { ensureServerCert } from './tls.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

export const ADMIN_USER = 'opsdeck';
/**
 * An application's account for the test writer (writer.mjs): rows in APP_DATABASE only, no admin
 * privileges — so read_only stops it, as it stops a real application. Same password as ADMIN_USER.
 */
export const APP_USER = 'opsdeck_app';
export const APP_DATABASE = 'opsdeck_writes';
/** Password-less account with no privileges that HAProxy's mysql-check logs in as. */
export const HEALTH_CHECK_USER = 'haproxy_check';

/**
 * Makes the host's MariaDB exist and run: config, data dir, server, accounts. Keeps what is there.
 * @param {Lab} lab
 * @param {Host} host
 * @param {number} holder pid of the host's namespace holder
 */
export async function ensureMariadb(lab, host, holder) {
  prepareFiles(host);
  const newCert = await ensureServerCert(lab, host, mysqlUser());
  await installDataDir(host, holder);
  // A server started before its certificate existed runs without TLS: restart it once.
  if (newCert && mysqlPid(host) !== null) await restartMysql(host, holder);
  await startMysql(host, holder);
  await provisionAccounts(host, holder, adminPassword(lab));
}

/**
 * @param {Host} host
 * @param {number} holder
 */
async function restartMysql(host, holder) {
  const output = await mysqlService(host, holder, 'restart');
  progress(`${host.name}: ${output.trim().split('\n').pop()} (now with TLS)`);
}

/**
 * Runs the host's own mysql-service script inside its namespace; the error log joins a failure.
 * @param {Host} host
 * @param {number} holder
 * @param {'start' | 'restart'} action
 */
function mysqlService(host, holder, action) {
  return withErrorLog(
    host,
    runOrThrow(
      'nsenter',
      inHost(holder, [IN_HOST.serviceScript, action]),
      `mysql-service ${action} on ${host.name}`,
    ),
  );
}

/** @param {Host} host */
export function hasMysql(host) {
  return fs.existsSync(host.mysqlInstalled);
}

/** @param {Host} host */
export function mysqlPid(host) {
  return runningPid(host.mysqlPid, 'mariadbd');
}

/**
 * Starts the host's MariaDB (no-op if it runs) with the host's own mysql-service script.
 * @param {Host} host
 * @param {number} holder
 */
export async function startMysql(host, holder) {
  const output = await mysqlService(host, holder, 'start');
  progress(`${host.name}: ${output.trim()}`);
}

/**
 * Stops the host's MariaDB with `signal` (SIGTERM: clean shutdown, SIGKILL: crash).
 * Returns whether one was running.
 * @param {Host} host
 * @param {NodeJS.Signals} signal
 */
export async function stopMysql(host, signal) {
  const pid = mysqlPid(host);
  if (pid === null) return false;
  if (!(await signalAndWait(pid, signal, 60_000))) {
    throw new LabError(`mariadbd of ${host.name} (pid ${pid}) did not exit; see ${host.errorLog}`);
  }
  return true;
}

/**
 * The lab's MySQL admin password (the same on every host), generated on first use.
 * @param {Lab} lab
 */
export function adminPassword(lab) {
  writeOnce(lab.adminPassword, randomBytes(18).toString('base64url'), 0o600);
  return fs.readFileSync(lab.adminPassword, 'utf8').trim();
}

/** Version string of the installed server, as `mariadbd --version` prints it (e.g. 10.11.19-MariaDB-0+deb12u1). */
export async function mariadbVersion() {
  const output = await runOrThrow(programPath('mariadbd'), ['--version'], 'mariadbd --version');
  return /Ver\s+(\S+)/.exec(output)?.[1] ?? output.trim();
}

/** @param {Host} host */
function prepareFiles(host) {
  const { uid, gid } = mysqlUser();
  const tmpDir = path.join(host.run, path.basename(IN_HOST.tmpDir));
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  for (const dir of [host.data, host.run, host.log, tmpDir]) fs.chownSync(dir, uid, gid);
  writeOnce(host.myCnf, myCnf(host));
  writeIfChanged(host.mysqlService, mysqlServiceScript(host), 0o755);
}

/**
 * Runs mariadb-install-db inside the host once (an interrupted earlier attempt is wiped first).
 * @param {Host} host
 * @param {number} holder
 */
async function installDataDir(host, holder) {
  if (hasMysql(host)) return;
  progress(`${host.name}: creating the MariaDB data dir`);
  emptyDir(host.data);
  await withErrorLog(
    host,
    runOrThrow(
      'nsenter',
      inHost(holder, [
        programPath('mariadb-install-db'),
        `--defaults-file=${IN_HOST.myCnf}`,
        '--user=mysql',
        '--auth-root-authentication-method=socket',
        '--skip-test-db',
      ]),
      `mariadb-install-db on ${host.name}`,
    ),
  );
  fs.writeFileSync(host.mysqlInstalled, '');
}

/**
 * Creates or refreshes the lab's accounts, as root over the host's socket, without binlogging them.
 * @param {Host} host
 * @param {number} holder
 * @param {string} password
 */
async function provisionAccounts(host, holder, password) {
  const admin = `'${ADMIN_USER}'@'127.%'`;
  const sql = [
    'SET sql_log_bin = 0',
    `CREATE USER IF NOT EXISTS ${admin} IDENTIFIED BY '${password}'`,
    `ALTER USER ${admin} IDENTIFIED BY '${password}'`,
    `GRANT ALL PRIVILEGES ON *.* TO ${admin} WITH GRANT OPTION`,
    `CREATE USER IF NOT EXISTS '${HEALTH_CHECK_USER}'@'127.%'`,
    `CREATE USER IF NOT EXISTS '${APP_USER}'@'127.%' IDENTIFIED BY '${password}'`,
    `ALTER USER '${APP_USER}'@'127.%' IDENTIFIED BY '${password}'`,
    `GRANT SELECT, INSERT ON ${APP_DATABASE}.* TO '${APP_USER}'@'127.%'`,
  ].join(';\n');
  const client = [programPath('mariadb'), '--no-defaults', `--socket=${IN_HOST.socket}`];
  // SQL on stdin keeps the password out of process listings.
  await runOrThrow('nsenter', inHost(holder, client), `creating the lab accounts on ${host.name}`, {
    input: `${sql};\n`,
  });
}

/**
 * Adds the end of the host's MariaDB error log to a failure of `work`: that is where the reason is.
 * @template T
 * @param {Host} host
 * @param {Promise<T>} work
 * @returns {Promise<T>}
 */
async function withErrorLog(host, work) {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof LabError)) throw err;
    const log = lastLines(host.errorLog, 10);
    throw new LabError(`${err.message}\nlast lines of ${host.errorLog}:\n${log || '(empty)'}`);
  }
}

/**
 * Removes everything inside `dir` but keeps the directory (it is a bind-mount source).
 * @param {string} dir
 */
function emptyDir(dir) {
  for (const entry of fs.readdirSync(dir)) {
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/** uid and gid of the `mysql` system user that the Debian package creates. */
export function mysqlUser() {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('mysql:'));
  if (!line) {
    throw new LabError('there is no mysql user: install with `apt-get install mariadb-server`', 2);
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
