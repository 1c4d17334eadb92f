// @ts-check
/**
 * Non-root logins on every lab host, as cloud images and hardened servers have them: `admin` may run
 * anything with sudo without a password (like Debian's cloud `admin` or Ubuntu's `ubuntu`), `deploy`
 * may use sudo only with a password it does not have (so `sudo -n` fails: the "sudo asks for a
 * password" case). Both log in with the lab key.
 *
 * Like root's password (password.mjs), the accounts exist only inside the hosts: each host gets
 * copies of /etc/passwd and /etc/group with the two users, its own /etc/sudoers.d and their homes,
 * bind-mounted in the host's own mount namespace. The real /etc is never changed; `down` removes the
 * copies with the lab dir (and the /home/<user> mount points it recorded).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.mjs';
import { ensureSystemDir } from './footprint.mjs';
import { writeIfChanged } from './files.mjs';
import { copySkel } from './host.mjs';
import { inHost } from './namespace.mjs';
import { isMounted } from './password.mjs';
import { runOrThrow } from './proc.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/**
 * @typedef {{ user: string, uid: number, sudo: 'passwordless' | 'password', rule: string }} SudoLogin
 */

/** @type {readonly SudoLogin[]} */
export const SUDO_LOGINS = [
  { user: 'admin', uid: 2001, sudo: 'passwordless', rule: 'admin ALL=(ALL:ALL) NOPASSWD:ALL' },
  { user: 'deploy', uid: 2002, sudo: 'password', rule: 'deploy ALL=(ALL:ALL) ALL' },
];

/**
 * Gives `host` the sudo logins (idempotent): account files, sudoers rules, homes with the lab key.
 * @param {Lab} lab
 * @param {Host} host
 * @param {number} holder pid of the host's namespace holder
 */
export async function ensureSudoLogins(lab, host, holder) {
  const system = readAccounts();
  for (const login of SUDO_LOGINS) assertFree(system, login);
  writeAccountFiles(host, system);
  writeSudoers(host);
  const publicKey = fs.readFileSync(`${lab.clientKey}.pub`, 'utf8');
  /** @type {Array<[string, string]>} */
  const mounts = [
    [host.passwd, '/etc/passwd'],
    [host.group, '/etc/group'],
    [host.sudoers, '/etc/sudoers.d'],
  ];
  for (const login of SUDO_LOGINS) {
    const home = path.join(host.homes, login.user);
    writeHome(home, login, publicKey);
    ensureSystemDir(lab, '/home', 0o755);
    ensureSystemDir(lab, `/home/${login.user}`, 0o755);
    mounts.push([home, `/home/${login.user}`]);
  }
  for (const [source, target] of mounts) {
    if (isMounted(holder, target)) continue;
    await runOrThrow(
      'nsenter',
      inHost(holder, ['mount', '--bind', source, target]),
      `bind-mounting ${target} of ${host.name}`,
    );
  }
}

/** The machine's own account files. */
function readAccounts() {
  return {
    passwd: fs.readFileSync('/etc/passwd', 'utf8'),
    group: fs.readFileSync('/etc/group', 'utf8'),
  };
}

/**
 * @param {{ passwd: string, group: string }} system
 * @param {SudoLogin} login
 */
function assertFree(system, login) {
  const taken = system.passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find(([name, , uid]) => name !== login.user && Number(uid) === login.uid);
  if (taken) {
    throw new LabError(
      `uid ${login.uid} (the lab's ${login.user} login) belongs to ${taken[0]} on this machine; change SUDO_LOGINS in scripts/lab/sudo-logins.mjs`,
    );
  }
}

/**
 * passwd/group (the machine's, plus the users) and their shadow lines in the host's shadow copy.
 * @param {Host} host
 * @param {{ passwd: string, group: string }} system
 */
function writeAccountFiles(host, system) {
  writeIfChanged(
    host.passwd,
    withLines(
      system.passwd,
      SUDO_LOGINS.map(
        ({ user, uid }) => `${user}:x:${uid}:${uid}:Opsdeck lab ${user}:/home/${user}:/bin/bash`,
      ),
    ),
  );
  writeIfChanged(
    host.group,
    withLines(
      system.group,
      SUDO_LOGINS.map(({ user, uid }) => `${user}:x:${uid}:`),
    ),
  );
  // '*': no password, but not locked (sshd refuses key logins to locked accounts without PAM).
  if (fs.existsSync(host.shadow)) {
    const shadow = fs.readFileSync(host.shadow, 'utf8');
    const next = withLines(
      shadow,
      SUDO_LOGINS.map(({ user }) => `${user}:*:19000:0:99999:7:::`),
    );
    // In place: the file is bind-mounted over /etc/shadow, a new inode would not be seen.
    if (next !== shadow) fs.writeFileSync(host.shadow, next);
  }
}

/**
 * `text` with `lines` appended, each unless a line for the same name (first field) exists.
 * @param {string} text
 * @param {string[]} lines
 */
export function withLines(text, lines) {
  const names = new Set(text.split('\n').map((line) => line.split(':')[0]));
  const missing = lines.filter((line) => !names.has(line.split(':')[0]));
  if (!missing.length) return text;
  return `${text.replace(/\n*$/, '\n')}${missing.join('\n')}\n`;
}

/** @param {Host} host */
function writeSudoers(host) {
  fs.mkdirSync(host.sudoers, { recursive: true, mode: 0o755 });
  const file = path.join(host.sudoers, 'opsdeck-lab');
  const rules = [
    '# Opsdeck lab logins (generated by scripts/lab; see docs/lab.md)',
    ...SUDO_LOGINS.map((login) => login.rule),
    '',
  ].join('\n');
  // sudo ignores rule files that are not root's and read-only.
  writeIfChanged(file, rules, 0o440);
  fs.chownSync(file, 0, 0);
}

/**
 * A home like useradd makes one (/etc/skel), with the lab's public key as authorized_keys.
 * @param {string} home
 * @param {SudoLogin} login
 * @param {string} publicKey
 */
function writeHome(home, login, publicKey) {
  const ssh = path.join(home, '.ssh');
  fs.mkdirSync(ssh, { recursive: true, mode: 0o700 });
  copySkel(home);
  writeIfChanged(path.join(ssh, 'authorized_keys'), publicKey, 0o600);
  for (const entry of [home, ssh, ...fs.readdirSync(home).map((f) => path.join(home, f))]) {
    fs.chownSync(entry, login.uid, login.uid);
  }
  fs.chownSync(path.join(ssh, 'authorized_keys'), login.uid, login.uid);
  fs.chmodSync(home, 0o750);
}
