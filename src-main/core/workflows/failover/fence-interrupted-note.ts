import type { Host } from '../../../contract';

/** What a resumed run does about writes made while it was stopped. */
export type FenceResume = 'fence' | 'check';

/**
 * What stays as it is when Opsdeck is killed between the fence and the repoint of the old master,
 * for its flavour. MariaDB: read_only stays, but the global read lock was a session of the process
 * that died, so accounts with READ ONLY ADMIN (ALL PRIVILEGES, root on a stock install) can write.
 * MySQL: super_read_only stays and is the fence itself (nothing was held by the process): nobody
 * writes unless someone turns it off or mysqld restarts (a restart drops it). Flavour unknown
 * (the host's profile does not say): both, each named.
 */
export function fenceInterruptedNote(
  name: string,
  flavor: Host['profile']['mysqlFlavor'],
  resume: FenceResume,
): string {
  const mariadb = `${name} is read_only but its global read lock is gone (it was a session of the Opsdeck that stopped): accounts with READ ONLY ADMIN (ALL PRIVILEGES, root on a stock install) can write to it until you resume.`;
  const mysql = `${name} is still fenced by super_read_only (Opsdeck held nothing on it): no account can write to it unless someone sets super_read_only = OFF or mysqld restarts (a restart drops it).`;
  const state =
    flavor === 'mariadb'
      ? mariadb
      : flavor === 'mysql' || flavor === 'percona'
        ? mysql
        : `On MariaDB: ${mariadb} On MySQL: ${mysql}`;
  const next =
    resume === 'fence'
      ? `The resume fences ${name} again first and waits for the replicas to reach it.`
      : `Such a write is not lost silently: the resume refuses to repoint ${name} (MYSQL_DIVERGED, naming it).`;
  return `${state} ${next}`;
}
