import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inHostNamespace } from './lab-faults';
import { labDir } from './lab';

/**
 * Root's crontab and /var/backups as one lab host sees them, private: inside the host's mount
 * namespace, /var/spool/cron/crontabs (Debian's cron package: root:crontab 1730) and
 * /var/backups are bind-mounted from folders of the host, so a crontab installed there never
 * touches this machine's (/usr/local/sbin is the host's own already). Returns the undo.
 */
export function privateCrontabIn(host: string): () => void {
  const dir = resolve(labDir, 'hosts', host, 'cron-private');
  inHostNamespace(
    host,
    `test -d /var/spool/cron/crontabs || { echo 'the cron package is not installed' >&2; exit 1; }
     rm -rf ${dir}; mkdir -p ${dir}/backups
     install -d -m 1730 -o root -g crontab ${dir}/crontabs
     mountpoint -q /var/spool/cron/crontabs || mount --bind ${dir}/crontabs /var/spool/cron/crontabs
     mkdir -p /var/backups
     mountpoint -q /var/backups || mount --bind ${dir}/backups /var/backups`,
  );
  return () =>
    void inHostNamespace(
      host,
      `for m in /var/spool/cron/crontabs /var/backups; do mountpoint -q $m && umount $m || true; done
       rm -rf ${dir}`,
    );
}

/**
 * Debian's cron daemon running inside one lab host's mount namespace (after privateCrontabIn):
 * it reads that host's private crontabs only — /etc/crontab and /etc/cron.d are empty there, and
 * its pid file is the host's own — so the jobs it starts see the host's MariaDB, /usr/local/sbin
 * and /var/backups. Returns the stop (the daemon is this test's own child; killed by its pid).
 */
export function startCronIn(host: string): () => void {
  const dir = resolve(labDir, 'hosts', host, 'cron-private');
  // The bind-mount targets must exist: an empty pid file of the machine's (no cron runs there).
  if (!existsSync('/run/crond.pid')) writeFileSync('/run/crond.pid', '');
  inHostNamespace(
    host,
    `mkdir -p ${dir}/cron.d && : > ${dir}/crontab && : > ${dir}/crond.pid
     mountpoint -q /etc/cron.d || mount --bind ${dir}/cron.d /etc/cron.d
     mountpoint -q /etc/crontab || mount --bind ${dir}/crontab /etc/crontab
     mountpoint -q /run/crond.pid || mount --bind ${dir}/crond.pid /run/crond.pid`,
  );
  const holder = readFileSync(resolve(labDir, 'hosts', host, 'holder.pid'), 'utf8').trim();
  const daemon = spawn('nsenter', ['-t', holder, '-m', 'cron', '-f'], { stdio: 'ignore' });
  return () => {
    if (daemon.pid !== undefined && daemon.exitCode === null) daemon.kill('SIGTERM');
    inHostNamespace(
      host,
      `for m in /etc/cron.d /etc/crontab /run/crond.pid; do umount $m 2>/dev/null || true; done`,
    );
  };
}
