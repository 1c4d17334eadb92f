import type {
  ErrorShape,
  HealthAngle,
  MasterHealth,
  MasterVerdict,
  ReplicaStatus,
} from '../../../contract';

/** What Opsdeck saw of the master and its replicas, each from its own angle. */
export interface MasterObservations {
  master: string;
  /** Opsdeck → the master's MySQL. */
  mysql: { ok: true } | { ok: false; error: ErrorShape };
  /** Opsdeck → the master host over SSH, and mysqld's own answer there (asked only when MySQL failed). */
  ssh?:
    | { ok: true; mysqld: 'running' | 'stopped' | 'unknown'; detail: string }
    | { ok: false; error: ErrorShape };
  /** Each replica of the master: reachable by Opsdeck, and its replication connection to the master. */
  replicas: Array<
    | { name: string; reachable: true; replication?: ReplicaStatus }
    | { name: string; reachable: false; error: ErrorShape }
  >;
  now: Date;
}

/** Login refusals mean the server answered: it is alive, Opsdeck's access is the problem. */
const ANSWERED = new Set([
  'MYSQL_ACCESS_DENIED',
  'MYSQL_TOO_MANY_CONNECTIONS',
  'MYSQL_HOST_BLOCKED',
]);

/**
 * The master is judged dead only when Opsdeck cannot reach it over MySQL, *and* SSH fails or says
 * mysqld is not running there, *and* every reachable replica's IO thread has lost it too. A replica
 * that still replicates from it means Opsdeck alone lost it: a partition, never a reason to fail over.
 */
export function assessMaster(o: MasterObservations): MasterHealth {
  const angles: HealthAngle[] = [];
  angles.push(
    o.mysql.ok
      ? { angle: 'Opsdeck → MySQL', ok: true, detail: 'answers' }
      : {
          angle: 'Opsdeck → MySQL',
          ok: false,
          detail: `${o.mysql.error.code}: ${o.mysql.error.message}`,
        },
  );
  if (o.ssh)
    angles.push(
      o.ssh.ok
        ? {
            angle: 'Opsdeck → SSH',
            ok: o.ssh.mysqld !== 'stopped',
            detail: `reachable; mysqld ${o.ssh.mysqld}${o.ssh.detail ? ` (${o.ssh.detail})` : ''}`,
          }
        : {
            angle: 'Opsdeck → SSH',
            ok: false,
            detail: `${o.ssh.error.code}: ${o.ssh.error.message}`,
          },
    );
  const sees: string[] = [];
  const lost: string[] = [];
  for (const r of o.replicas) {
    if (!r.reachable) {
      angles.push({
        angle: `${r.name} (replica)`,
        ok: null,
        detail: `unreachable itself: ${r.error.message}`,
      });
      continue;
    }
    const s = r.replication;
    if (!s) {
      angles.push({ angle: `${r.name} IO thread`, ok: null, detail: 'not replicating' });
      continue;
    }
    const connected = s.ioThread === 'running';
    (connected ? sees : lost).push(r.name);
    angles.push({
      angle: `${r.name} IO thread`,
      ok: connected,
      detail: connected
        ? `connected to ${o.master}${s.secondsBehind !== null ? `, ${s.secondsBehind} s behind` : ''}`
        : `${s.ioThread}${s.lastIoError ? `: error ${s.lastIoError.errno} ${s.lastIoError.message}` : ''}`,
    });
  }
  const { verdict, summary } = verdictOf(o, sees, lost);
  return { master: o.master, verdict, summary, angles, checkedAt: o.now.toISOString() };
}

function verdictOf(
  o: MasterObservations,
  sees: string[],
  lost: string[],
): { verdict: MasterVerdict; summary: string } {
  const m = o.master;
  if (o.mysql.ok) return { verdict: 'alive', summary: `${m} answers` };
  if (ANSWERED.has(o.mysql.error.code))
    return {
      verdict: 'unreachable-by-opsdeck',
      summary: `${m} answered but refused Opsdeck's login (${o.mysql.error.code}); it is alive`,
    };
  if (sees.length)
    return {
      verdict: 'partition',
      summary: `Opsdeck cannot reach ${m}, but ${sees.join(', ')} still replicate${sees.length === 1 ? 's' : ''} from it: a partition between Opsdeck and ${m}, not a dead master`,
    };
  if (!lost.length)
    return {
      verdict: 'unknown',
      summary: `Opsdeck cannot reach ${m} and no replica could confirm it is gone`,
    };
  const everyone = `every replica (${lost.join(', ')}) lost it too`;
  if (!o.ssh)
    return {
      verdict: 'unknown',
      summary: `${m} does not answer MySQL; its host was not checked over SSH`,
    };
  if (!o.ssh.ok)
    return { verdict: 'dead', summary: `${m} is unreachable over MySQL and SSH, and ${everyone}` };
  if (o.ssh.mysqld === 'stopped')
    return {
      verdict: 'dead',
      summary: `mysqld is not running on ${m} (its host answers SSH), and ${everyone}`,
    };
  if (o.ssh.mysqld === 'running')
    return {
      verdict: 'unknown',
      summary: `mysqld answers on ${m}'s own host, but neither Opsdeck nor its replicas can use it (hung? out of connections?)`,
    };
  return {
    verdict: 'unknown',
    summary: `${m} does not answer MySQL and its host could not tell whether mysqld runs`,
  };
}

/** Shell run on the master host: does mysqld answer its own admin ping? (exit 0 even on access denied) */
export const MYSQLD_PING =
  'if command -v mariadb-admin >/dev/null 2>&1; then c=mariadb-admin; else c=mysqladmin; fi; "$c" --connect-timeout=2 ping 2>&1; echo "ping-exit=$?"';

export function parsePing(stdout: string): {
  mysqld: 'running' | 'stopped' | 'unknown';
  detail: string;
} {
  const exit = /ping-exit=(\d+)/.exec(stdout)?.[1];
  const detail =
    stdout
      .replace(/ping-exit=\d+/, '')
      .trim()
      .split('\n')
      .pop() ?? '';
  if (exit === '0') return { mysqld: 'running', detail };
  if (exit === '1') return { mysqld: 'stopped', detail };
  return { mysqld: 'unknown', detail: detail || 'no mysqladmin / mariadb-admin on the host' };
}
