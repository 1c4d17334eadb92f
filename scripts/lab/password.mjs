// @ts-check
/**
 * Password logins for tests of password authentication. Each host gets a copy of /etc/shadow in
 * which root has the lab's SSH password, bind-mounted over /etc/shadow inside the host's own mount
 * namespace only (the real /etc/shadow is never touched; the mount ends with the namespace, the
 * copy and the password file live in the lab dir, so `down` leaves nothing behind).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { writeOnce } from './files.mjs';
import { progress } from './log.mjs';
import { inHost } from './namespace.mjs';
import { run, runOrThrow } from './proc.mjs';

/** @typedef {import('./paths.mjs').Lab} Lab */
/** @typedef {import('./paths.mjs').Host} Host */

/**
 * The lab's root SSH password (made once), or null when password logins could not be set up.
 * @param {Lab} lab
 */
export function sshPassword(lab) {
  try {
    return fs.readFileSync(lab.sshPassword, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * Gives root on `host` the lab's SSH password (inside the host only). Idempotent; skipped with a
 * warning when `openssl` (used to hash the password) is missing.
 * @param {Lab} lab
 * @param {Host} host
 * @param {number} holder pid of the host's namespace holder
 */
export async function ensureRootPassword(lab, host, holder) {
  if (!fs.existsSync(host.shadow)) {
    const hash = await hashPassword(lab);
    if (hash === null) return;
    fs.writeFileSync(host.shadow, shadowWithRoot(fs.readFileSync('/etc/shadow', 'utf8'), hash), {
      mode: 0o640,
    });
  }
  if (isMounted(holder, '/etc/shadow')) return;
  await runOrThrow(
    'nsenter',
    inHost(holder, ['mount', '--bind', host.shadow, '/etc/shadow']),
    `bind-mounting the shadow copy of ${host.name}`,
  );
}

/**
 * SHA-512 crypt of the lab password (creating the password on first use), or null without openssl.
 * @param {Lab} lab
 */
async function hashPassword(lab) {
  const probe = await run('openssl', ['version']).catch(() => null);
  if (!probe || probe.code !== 0) {
    progress('openssl not found: root password logins (sshPassword) are not set up');
    return null;
  }
  writeOnce(lab.sshPassword, `${randomBytes(12).toString('base64url')}\n`, 0o600);
  const password = sshPassword(lab) ?? '';
  const salt = randomBytes(12)
    .toString('base64')
    .replace(/[^A-Za-z0-9./]/g, '.')
    .slice(0, 16);
  const out = await runOrThrow(
    'openssl',
    ['passwd', '-6', '-salt', salt, '-stdin'],
    'openssl passwd',
    {
      input: `${password}\n`,
    },
  );
  return out.trim();
}

/**
 * /etc/shadow text with root's password field replaced (a root line is added if there is none).
 * @param {string} shadow
 * @param {string} hash
 */
export function shadowWithRoot(shadow, hash) {
  const lines = shadow.split('\n').filter((line, i, all) => line || i < all.length - 1);
  const index = lines.findIndex((line) => line.startsWith('root:'));
  const fields = (index >= 0 ? (lines[index] ?? '') : 'root::19000:0:99999:7:::').split(':');
  fields[1] = hash;
  if (index >= 0) lines[index] = fields.join(':');
  else lines.unshift(fields.join(':'));
  return `${lines.join('\n')}\n`;
}

/**
 * Whether `target` is a mount point in the mount namespace of process `pid`.
 * @param {number} pid
 * @param {string} target
 */
export function isMounted(pid, target) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
      .split('\n')
      .some((line) => line.split(' ')[4] === target);
  } catch {
    return false;
  }
}
