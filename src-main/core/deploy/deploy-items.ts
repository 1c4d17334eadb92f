import {
  toErrorShape,
  type DeployCheck,
  type DeployItemResult,
  type Host,
  type HostMetricsSettings,
} from '../../contract';
import { shellQuote } from '../common/shell';
import { HaproxyProbe } from '../metrics/haproxy/haproxy-probe';
import { dialectOf, parseReplicaStatusRows, primaryConnection } from '../mysql';
import type { Row } from '../mysql/sql-row';
import type { Lease } from '../ssh';
import { unmountedFstabEntries } from './fstab-check';

/** What a deployment check may do on a host: run a command, query its MySQL, read HAProxy. */
export interface DeployContext {
  host: Host;
  exec(
    command: string,
    stdin?: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  query(sql: string): Promise<Row[]>;
  acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
  metricsSettings: HostMetricsSettings;
  /** The host's MySQL password (for pt-table-checksum's defaults file), if it has one. */
  mysqlPassword(): Promise<string | undefined>;
  audit(action: string, detail: string, outcome: 'ok' | 'failed'): void;
}

const pass = (kind: string, title: string, detail: string): DeployItemResult => ({
  kind,
  title,
  outcome: 'pass',
  detail,
});
const fail = (kind: string, title: string, detail: string): DeployItemResult => ({
  kind,
  title,
  outcome: 'fail',
  detail,
});
const skip = (kind: string, title: string, detail: string): DeployItemResult => ({
  kind,
  title,
  outcome: 'skipped',
  detail,
});

/**
 * Enabled at boot: systemd where it runs, SysV start links (S<NN><name> in a multi-user runlevel,
 * Debian's /etc/rcN.d or Red Hat's /etc/rc.d/rcN.d) otherwise; an init script without one is
 * disabled. Each link is tested on its own: a glob that matches nothing stays a literal path.
 */
export function servicesCommand(services: readonly string[]): string {
  return [
    `for s in ${services.map(shellQuote).join(' ')}; do`,
    '  st=',
    '  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then st=$(systemctl is-enabled "$s" 2>/dev/null || true);',
    '  else',
    '    for f in /etc/rc[2345].d/S[0-9][0-9]"$s" /etc/rc.d/rc[2345].d/S[0-9][0-9]"$s"; do [ -e "$f" ] && st=enabled-sysv && break; done',
    '    if [ -z "$st" ]; then if [ -e /etc/init.d/"$s" ] || [ -e /etc/rc.d/init.d/"$s" ]; then st=disabled; fi; fi',
    '  fi',
    '  echo "$s ${st:-not-found}"',
    'done',
  ].join('\n');
}

async function servicesEnabled(
  ctx: DeployContext,
  services: readonly string[],
): Promise<DeployItemResult> {
  const title = `Services enabled at boot: ${services.join(', ')}`;
  const r = await ctx.exec(servicesCommand(services));
  const states = new Map(
    r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name, ...st] = l.split(' ');
        return [name!, st.join(' ')];
      }),
  );
  const bad = services.filter((s) => !/^(enabled|alias)/.test(states.get(s) ?? ''));
  const detail = services.map((s) => `${s}: ${states.get(s) ?? 'no answer'}`).join(', ');
  return bad.length
    ? fail('services-enabled', title, detail)
    : pass('services-enabled', title, detail);
}

async function fstabMounted(ctx: DeployContext): Promise<DeployItemResult> {
  const title = 'fstab mounts present and mounted';
  const r = await ctx.exec('cat /etc/fstab 2>/dev/null; echo @@opsdeck@@; cat /proc/mounts');
  const [fstab = '', mounts = ''] = r.stdout.split('@@opsdeck@@\n');
  const { checked, missing } = unmountedFstabEntries(fstab, mounts);
  if (checked.length === 0)
    return pass('fstab-mounted', title, 'fstab names no filesystem to mount');
  return missing.length
    ? fail(
        'fstab-mounted',
        title,
        `not mounted: ${missing.join(', ')} (of ${checked.length} in /etc/fstab)`,
      )
    : pass('fstab-mounted', title, `all ${checked.length} mounted: ${checked.join(', ')}`);
}

async function replication(ctx: DeployContext, maxLag: number): Promise<DeployItemResult> {
  const title = `Replication running, lag ≤ ${maxLag} s`;
  const [v] = await ctx.query('SELECT @@version AS v, @@version_comment AS c');
  const dialect = dialectOf(String(v?.v ?? ''), String(v?.c ?? ''));
  const s = primaryConnection(parseReplicaStatusRows(await ctx.query(dialect.replicaStatusSql)));
  if (!s) return fail('replication', title, `${ctx.host.name} is not a replica`);
  const problems = [
    s.ioThread !== 'running'
      ? `IO thread ${s.ioThread}${s.lastIoError ? ` (${s.lastIoError.message})` : ''}`
      : '',
    s.sqlThread !== 'running'
      ? `SQL thread stopped${s.lastSqlError ? ` (${s.lastSqlError.message})` : ''}`
      : '',
    s.secondsBehind === null
      ? 'lag unknown'
      : s.secondsBehind > maxLag
        ? `lag ${s.secondsBehind} s`
        : '',
  ].filter(Boolean);
  const detail = `from ${s.sourceHost}:${s.sourcePort}, lag ${s.secondsBehind ?? '?'} s`;
  return problems.length
    ? fail('replication', title, `${problems.join('; ')} — ${detail}`)
    : pass('replication', title, detail);
}

async function readOnly(ctx: DeployContext, expected: boolean): Promise<DeployItemResult> {
  const title = `read_only ${expected ? 'ON' : 'OFF'}`;
  const [row] = await ctx.query('SELECT @@global.read_only AS ro');
  const on = Number(row?.ro) === 1;
  const detail = `read_only is ${on ? 'ON' : 'OFF'}`;
  return on === expected ? pass('read-only', title, detail) : fail('read-only', title, detail);
}

async function backendsUp(ctx: DeployContext): Promise<DeployItemResult> {
  const title = 'HAProxy backends UP';
  const s = ctx.metricsSettings;
  if (!s.haproxyStatsUrl && !s.haproxyStatsSocket)
    return skip(
      'haproxy-backends-up',
      title,
      'no HAProxy stats URL or socket is set for this host (host view → Charts → Collection)',
    );
  const probe = new HaproxyProbe(ctx.host, s, ctx.acquire);
  const { values, problems } = await probe.read(10_000);
  if (problems[0]) return fail('haproxy-backends-up', title, problems[0].error.message);
  const servers = Object.entries(values).filter(([k]) => k.startsWith('haproxy.server_up:'));
  const down = servers.filter(([, v]) => v < 1).map(([k]) => k.slice('haproxy.server_up:'.length));
  if (servers.length === 0) return fail('haproxy-backends-up', title, 'HAProxy reports no servers');
  return down.length
    ? fail('haproxy-backends-up', title, `DOWN: ${down.join(', ')} (of ${servers.length})`)
    : pass('haproxy-backends-up', title, `all ${servers.length} servers UP`);
}

/** The query pt-table-checksum's documentation gives for differences seen on a replica. */
const DIFFS_SQL = `SELECT db, tbl, SUM(this_cnt) AS total_rows, COUNT(*) AS chunks
  FROM percona.checksums
  WHERE (master_cnt <> this_cnt OR master_crc <> this_crc OR ISNULL(master_crc) <> ISNULL(this_crc))
  GROUP BY db, tbl`;

async function tablesConsistent(
  ctx: DeployContext,
  databases: readonly string[],
): Promise<DeployItemResult> {
  const title = 'Tables consistent (pt-table-checksum)';
  const [v] = await ctx.query('SELECT @@version AS v, @@version_comment AS c');
  const dialect = dialectOf(String(v?.v ?? ''), String(v?.c ?? ''));
  const replica = primaryConnection(
    parseReplicaStatusRows(await ctx.query(dialect.replicaStatusSql)),
  );
  if (replica) {
    // On a replica: compare what its master's last checksum run computed on both sides.
    const [has] = await ctx.query(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'percona' AND table_name = 'checksums'",
    );
    if (!Number(has?.n))
      return skip(
        'tables-consistent',
        title,
        'no checksums yet: run the suite of the master’s role (it runs pt-table-checksum there)',
      );
    const diffs = await ctx.query(DIFFS_SQL);
    const [last] = await ctx.query(
      'SELECT MAX(ts) AS at, COUNT(DISTINCT db, tbl) AS tables FROM percona.checksums',
    );
    const when = `checksummed ${String(last?.at ?? '?')}, ${Number(last?.tables ?? 0)} tables`;
    return diffs.length
      ? fail(
          'tables-consistent',
          title,
          `differs from its master: ${diffs.map((d) => `${String(d.db)}.${String(d.tbl)}`).join(', ')} (${when})`,
        )
      : pass('tables-consistent', title, `same as its master (${when})`);
  }
  const which = await ctx.exec('command -v pt-table-checksum');
  if (which.code !== 0)
    return skip(
      'tables-consistent',
      title,
      `pt-table-checksum is not installed on ${ctx.host.name}`,
    );
  const m = ctx.host.mysql;
  if (!m)
    return skip('tables-consistent', title, `${ctx.host.name} has no MySQL login in the inventory`);
  // The login goes in a defaults file (mode 600, removed after), never on the command line.
  const password = (await ctx.mysqlPassword()) ?? '';
  const dsn = `h=${m.address ?? ctx.host.address},P=${m.port},u=${m.user}`;
  const dbs = databases.length
    ? `--databases=${databases.join(',')}`
    : '--ignore-databases=mysql,sys,performance_schema,information_schema,percona';
  const command = [
    'umask 077; f=$(mktemp) || exit 1; trap \'rm -f "$f"\' EXIT',
    'cat > "$f"',
    `pt-table-checksum --defaults-file="$f" ${shellQuote(dsn)} --replicate=percona.checksums --create-replicate-table --recursion-method=none --no-check-replication-filters --no-check-binlog-format --no-version-check ${dbs} 2>&1`,
  ].join('\n');
  const r = await ctx.exec(command, `[client]\npassword=${password}\n`);
  const errors = /ERRORS/.test(r.stdout)
    ? r.stdout.split('\n').filter((l) => /^\S+\s+\d+\s+[1-9]/.test(l))
    : [];
  ctx.audit(
    'deploy.pt-table-checksum',
    `pt-table-checksum ${dsn} ${dbs} → exit ${r.code}`,
    r.code === 0 ? 'ok' : 'failed',
  );
  // pt-table-checksum exits non-zero for warnings and differences too (a bit mask, see its docs).
  const tables = r.stdout.split('\n').filter((l) => /^\d\d-\d\dT/.test(l.trim())).length;
  if ((r.code ?? 1) & 1 || errors.length)
    return fail(
      'tables-consistent',
      title,
      `pt-table-checksum failed (exit ${r.code}): ${r.stdout.trim().split('\n').slice(-3).join(' ')}`,
    );
  return pass(
    'tables-consistent',
    title,
    `checksummed ${tables} tables into percona.checksums (replicas compare them in their suite)`,
  );
}

/** Run one check on one host; a failure to run it is a failed item with the reason. */
export async function runDeployCheck(
  ctx: DeployContext,
  check: DeployCheck,
): Promise<DeployItemResult> {
  try {
    switch (check.kind) {
      case 'services-enabled':
        return await servicesEnabled(ctx, check.services);
      case 'fstab-mounted':
        return await fstabMounted(ctx);
      case 'replication':
        return await replication(ctx, check.maxLagSeconds);
      case 'read-only':
        return await readOnly(ctx, check.expected);
      case 'haproxy-backends-up':
        return await backendsUp(ctx);
      case 'tables-consistent':
        return await tablesConsistent(ctx, check.databases);
    }
  } catch (err) {
    const error = toErrorShape(err);
    return { kind: check.kind, title: check.kind, outcome: 'fail', detail: error.message, error };
  }
}
