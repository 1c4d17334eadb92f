import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inHostNamespace } from './lab-faults';
import { labDir } from './lab';

/** Files of the machine's that a lab host's cron needs as bind-mount targets (created if absent). */
const TARGETS = ['/run/crond.pid', '/var/log/opsdeck-backup.log'];
/** Every bind mount the private cron makes inside the host's namespace, undone in this order. */
const MOUNTS = [
  '/etc/cron.d',
  '/etc/crontab',
  '/run/crond.pid',
  '/var/log/opsdeck-backup.log',
  '/var/spool/cron/crontabs',
  '/var/backups',
];

/**
 * Root's crontab, /var/backups and the backup log as one lab host sees them, private: inside the
 * host's mount namespace, /var/spool/cron/crontabs (Debian's cron package: root:crontab 1730),
 * /var/backups and /var/log/opsdeck-backup.log (where the cron line appends) are bind-mounted from
 * the host's folder, so nothing a job does touches this machine's (/usr/local/sbin is the host's
 * own already). Returns the undo: every bind mount made here or by startCronIn is unmounted, and
 * the empty targets this call created on the machine are removed.
 */
export function privateCrontabIn(host: string): () => void {
  const dir = resolve(labDir, 'hosts', host, 'cron-private');
  // A bind mount needs its target: an empty file of the machine's, removed again by the undo.
  const created = TARGETS.filter((f) => !existsSync(f));
  for (const f of created) writeFileSync(f, '', { mode: 0o600 });
  const unmountAll = `for m in ${MOUNTS.join(' ')}; do while mountpoint -q $m; do umount $m || break; done; done`;
  inHostNamespace(
    host,
    // A run killed before its undo left its mounts (over a folder removed below): undone first.
    `test -d /var/spool/cron/crontabs || { echo 'the cron package is not installed' >&2; exit 1; }
     ${unmountAll}
     rm -rf ${dir}; mkdir -p ${dir}/backups ${dir}/cron.d
     install -d -m 1730 -o root -g crontab ${dir}/crontabs
     : > ${dir}/crontab; : > ${dir}/crond.pid; install -m 600 /dev/null ${dir}/opsdeck-backup.log
     mountpoint -q /var/spool/cron/crontabs || mount --bind ${dir}/crontabs /var/spool/cron/crontabs
     mkdir -p /var/backups
     mountpoint -q /var/backups || mount --bind ${dir}/backups /var/backups
     mountpoint -q /var/log/opsdeck-backup.log || mount --bind ${dir}/opsdeck-backup.log /var/log/opsdeck-backup.log`,
  );
  return () => {
    inHostNamespace(
      host,
      `${unmountAll}
       rm -rf ${dir}`,
    );
    for (const f of created) rmSync(f, { force: true });
  };
}

/**
 * Debian's cron daemon running inside one lab host's mount namespace (after privateCrontabIn):
 * it reads that host's private crontabs only — /etc/crontab and /etc/cron.d are empty there, and
 * its pid file is the host's own — so the jobs it starts see the host's MariaDB, /usr/local/sbin
 * and /var/backups. Returns the stop (the daemon is this test's own child; killed by its pid).
 */
export function startCronIn(host: string): () => Promise<void> {
  const dir = resolve(labDir, 'hosts', host, 'cron-private');
  inHostNamespace(
    host,
    `test -e /run/crond.pid || { echo 'privateCrontabIn first' >&2; exit 1; }
     mountpoint -q /etc/cron.d || mount --bind ${dir}/cron.d /etc/cron.d
     mountpoint -q /etc/crontab || mount --bind ${dir}/crontab /etc/crontab
     mountpoint -q /run/crond.pid || mount --bind ${dir}/crond.pid /run/crond.pid`,
  );
  const holder = readFileSync(resolve(labDir, 'hosts', host, 'holder.pid'), 'utf8').trim();
  const daemon = spawn('nsenter', ['-t', holder, '-m', 'cron', '-f'], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => daemon.once('exit', () => done()));
  /** Stops the daemon and waits for it to exit; its mounts stay until privateCrontabIn's undo. */
  return async () => {
    if (daemon.pid !== undefined && daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      await exited;
    }
  };
}
