// @ts-check
/**
 * What is mounted into a host's namespace after its holder starts (and again whenever a holder is
 * re-created): its /etc/hosts and /etc/fstab, root's password, the sudo logins, and a stock host's
 * private /tmp.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeIfChanged, writeOnce } from './files.mjs';
import { inHost } from './namespace.mjs';
import { isMounted, ensureRootPassword } from './password.mjs';
import { runOrThrow } from './proc.mjs';
import { ensureStockMounts } from './stock.mjs';
import { ensureSudoLogins } from './sudo-logins.mjs';

/**
 * @param {import('./paths.mjs').Lab} lab
 * @param {import('./paths.mjs').Host} host
 * @param {number} holder pid of the host's namespace holder
 */
export async function prepareNamespace(lab, host, holder) {
  if (host.shape === 'stock') await ensureStockMounts(host, holder);
  await ensureHostsFile(host, holder);
  await ensureFstab(host, holder);
  await ensureRootPassword(lab, host, holder);
  await ensureSudoLogins(lab, host, holder);
}

/**
 * The machine's /etc/hosts plus `127.0.1.1 <name>`, as Debian's installer writes it: the host's own
 * name resolves (sudo warns on every call when it does not).
 * @param {import('./paths.mjs').Host} host
 * @param {number} holder
 */
async function ensureHostsFile(host, holder) {
  const file = path.join(host.dir, 'hosts');
  const machine = fs.readFileSync('/etc/hosts', 'utf8').replace(/\n*$/, '\n');
  writeIfChanged(file, `${machine}127.0.1.1\t${host.name}\n`);
  if (isMounted(holder, '/etc/hosts')) return;
  await runOrThrow(
    'nsenter',
    inHost(holder, ['mount', '--bind', file, '/etc/hosts']),
    `bind-mounting /etc/hosts of ${host.name}`,
  );
}

/** /etc/fstab as Debian's installer leaves it on a system it did not partition (base-files). */
export const DEBIAN_DEFAULT_FSTAB = '# UNCONFIGURED FSTAB FOR BASE SYSTEM\n';

/**
 * The host's own /etc/fstab: the disk workflows (prepare-disks, provision-volumes) add lines to it
 * and `mount <dir>` reads it, so with the machine's file every lab host shared it and a killed test
 * run left its line there for every later run. Seeded once with Debian's default content and kept
 * (a host's fstab survives a restart, as on a real host); bind-mounted again whenever a holder
 * is re-created; `down` removes it with the host's folder.
 * @param {{ name: string, fstab: string }} host
 * @param {number} holder
 */
export async function ensureFstab(host, holder) {
  writeOnce(host.fstab, DEBIAN_DEFAULT_FSTAB);
  if (isMounted(holder, '/etc/fstab')) return;
  await runOrThrow(
    'nsenter',
    inHost(holder, ['mount', '--bind', host.fstab, '/etc/fstab']),
    `bind-mounting /etc/fstab of ${host.name}`,
  );
}
