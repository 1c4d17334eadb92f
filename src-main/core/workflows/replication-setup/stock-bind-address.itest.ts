import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightReport, RunDetail } from '../../../contract';
import { STOCK_HOST, stockAddress } from '../../../../testing/lab/lab';
import {
  labCore,
  releaseLabCore,
  resetStock,
  rootSql,
  seedNotes,
} from '../../../../testing/lab/stock-lab';

/**
 * A master exactly as Debian ships MariaDB's config — `bind-address = 127.0.0.1` — cannot be
 * reached by its replica. The preflight says so and offers the fix; consented, the master listens
 * where the replica reaches it (in the same restart as the binary log), and replication works.
 * stock1 binds 127.0.0.1:3306, which every lab on this machine shares: it is put back at the end.
 */
describe('a stock master that listens only on 127.0.0.1', () => {
  let t: Awaited<ReturnType<typeof labCore>>;
  const base = { master: 'stock1', replica: 'stock2', enableBinlog: true, fixServerId: true };
  const preflight = async (params: Record<string, unknown>) => {
    const r = await t.router.call('mysql.preflight', params, { door: 'cli' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as PreflightReport;
  };
  const explain = (d: RunDetail) =>
    `${d.status}: ${d.error?.message ?? ''}\n${d.logs.map((l) => `${l.level} ${l.text}`).join('\n')}`;

  beforeAll(async () => {
    resetStock('stock1', '--bind-loopback', 'stock2');
    t = await labCore();
    await seedNotes(t, 'stock1');
  }, 120_000);
  afterAll(() => releaseLabCore(t), 120_000);

  it('is refused with the fix named; nothing changes', async () => {
    const report = await preflight(base);
    expect(report.ok).toBe(false);
    const network = report.checks.find((c) => c.id === 'network');
    expect(network).toMatchObject({ level: 'error', fix: 'fixBindAddress' });
    expect(network?.message).toMatch(
      /stock1 listens only on 127\.0\.0\.1 \(bind-address\), so stock2 cannot reach it/,
    );
    expect(network?.hint).toContain(`bind-address = 127.0.0.1,${stockAddress(1)}`);
    const [row] = await rootSql(t, 'stock1', 'SELECT @@bind_address AS b');
    expect(row?.b).toBe('127.0.0.1');
  });

  it('consented: one restart sets it with the binary log; replication runs', async () => {
    const params = { ...base, fixBindAddress: true };
    const report = await preflight(params);
    expect(report.checks.find((c) => c.id === 'network')).toMatchObject({ level: 'warning' });
    expect(report.checks.find((c) => c.id === 'network')?.message).toMatch(
      /in the same restart as the binary log/,
    );

    // The plan: the new bind-address is written by the binary log step (one restart); the fix
    // step itself writes nothing.
    const plan = await t.core.workflows.plan({ workflow: 'mysql-replication-setup', params });
    const writes = (id: string) =>
      plan.steps.find((s) => s.id === id)?.actions.filter((a) => a.write) ?? [];
    expect(writes('enable-binlog').some((a) => a.detail.includes(STOCK_HOST.restart))).toBe(true);
    expect(writes('fix-bind-address')).toEqual([]);

    const { runId } = t.core.workflows.start(
      { workflow: 'mysql-replication-setup', params },
      'cli',
    );
    await t.core.workflows.wait(runId);
    const detail = t.core.workflows.detail(runId);
    expect(detail.status, explain(detail)).toBe('succeeded');
    expect(detail.steps.find((s) => s.id === 'fix-bind-address')?.status).toBe('done');

    const [vars] = await rootSql(t, 'stock1', 'SELECT @@bind_address AS b, @@log_bin AS lb');
    expect(vars).toMatchObject({ b: `127.0.0.1,${stockAddress(1)}`, lb: 1 });
    const restarts = t.core.audit
      .list(500)
      .filter((a) => a.runId === runId && a.target === 'stock1' && a.detail.includes('restart'));
    expect(restarts).toHaveLength(1);
    // The replication account is for the address the master sees once it listens.
    const output = detail.output['fix-bind-address'] as { sourceAddress: string };
    const [account] = await rootSql(
      t,
      'stock1',
      "SELECT Host AS h FROM mysql.user WHERE User = 'repl_stock2'",
    );
    expect(account?.h).toBe(output.sourceAddress);
    expect(detail.leftFiles.some((f) => f.host === 'stock1')).toBe(true);

    await rootSql(t, 'stock1', "INSERT INTO app.notes (body) VALUES ('after the setup')");
    for (let i = 0; i < 60; i++) {
      const rows = await rootSql(
        t,
        'stock2',
        "SELECT 1 FROM app.notes WHERE body = 'after the setup'",
      );
      if (rows.length) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the row did not arrive on stock2');
  }, 240_000);
});
