// @ts-check
/** Checks before doing anything: running as root, and the programs the lab needs are installed. */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.mjs';
import { DAEMON_ENV } from './proc.mjs';

/** Program → the Debian package that provides it. */
const PACKAGE_OF = {
  unshare: 'util-linux',
  nsenter: 'util-linux',
  mount: 'mount',
  hostname: 'hostname',
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  mariadbd: 'mariadb-server',
  'mariadb-install-db': 'mariadb-server',
  mariadb: 'mariadb-client',
  'mariadb-admin': 'mariadb-client',
  haproxy: 'haproxy',
  sudo: 'sudo',
  service: 'init-system-helpers',
  mysqld_safe: 'mariadb-server',
};

/** @typedef {keyof typeof PACKAGE_OF} Program */

/** @type {Program[]} */
export const HOST_PROGRAMS = [
  'unshare',
  'nsenter',
  'mount',
  'hostname',
  'sshd',
  'ssh-keygen',
  'sudo',
];
/** @type {Program[]} */
export const MYSQL_PROGRAMS = [
  'mariadbd',
  'mariadb-install-db',
  'mariadb',
  'mariadb-admin',
  'haproxy',
];
/** Stock hosts run MariaDB with the distribution's SysV script (service → init.d → mysqld_safe). @type {Program[]} */
export const STOCK_PROGRAMS = ['service', 'mysqld_safe'];

export function requireRoot() {
  if (process.geteuid?.() !== 0) {
    throw new LabError(
      'the lab needs root (namespaces, bind mounts, sshd on port 22): run it with sudo',
      2,
    );
  }
}

/**
 * Absolute path of a program on the daemon PATH, or null.
 * @param {Program} program
 */
function findProgram(program) {
  for (const dir of DAEMON_ENV.PATH.split(':')) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this dir
    }
  }
  return null;
}

/**
 * Absolute path of a program that `requirePrograms` has already checked.
 * @param {Program} program
 */
export function programPath(program) {
  const found = findProgram(program);
  if (!found) throw missing([program]);
  return found;
}

/**
 * Fails with exit code 2 and the exact `apt-get install` line if any program is missing.
 * @param {Program[]} programs
 */
export function requirePrograms(programs) {
  const absent = programs.filter((program) => !findProgram(program));
  if (absent.length > 0) throw missing(absent);
}

/** @param {Program[]} programs */
function missing(programs) {
  const packages = [...new Set(programs.map((program) => PACKAGE_OF[program]))];
  return new LabError(
    `missing ${programs.join(', ')}: install with \`apt-get install ${packages.join(' ')}\``,
    2,
  );
}
