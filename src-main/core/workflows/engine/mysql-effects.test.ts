import { describe, expect, it } from 'vitest';
import type { Host, PlannedAction } from '../../../contract';
import type { MysqlExecutor, QueryOptions, QueryResult } from '../../mysql/executor';
import { Redactor } from '../../redact';
import { createMysqlEffects } from './mysql-effects';

const host = { id: 'h1', name: 'db1' } as Host;

class FakeMysql implements MysqlExecutor {
  readonly ran: string[] = [];
  failOn?: string;
  async query(h: Host, sql: string, o?: QueryOptions): Promise<QueryResult> {
    return (await this.queryAll(h, [sql], o))[0] as QueryResult;
  }
  async queryAll(_h: Host, sqls: readonly string[], o: QueryOptions = {}) {
    const out: QueryResult[] = [];
    for (const [i, sql] of sqls.entries()) {
      if (this.failOn && sql.includes(this.failOn)) throw new Error(`failed: ${sql}`);
      this.ran.push(sql);
      out.push({ rows: [{ sql }], affectedRows: 1 });
      o.onStatement?.(i);
    }
    return out;
  }
}

function setup(plan?: PlannedAction[]) {
  const executor = new FakeMysql();
  const logs: string[] = [];
  const audit: string[] = [];
  const redactor = new Redactor();
  const effects = createMysqlEffects({
    executor,
    redactor,
    signal: new AbortController().signal,
    ...(plan ? { plan } : {}),
    log: (level, text) => logs.push(`${level} ${text}`),
    audit: (target, action, detail, outcome) =>
      audit.push(`${target} ${action} ${outcome} ${detail}`),
  });
  return { executor, logs, audit, redactor, effects };
}

describe('ctx.mysql effects', () => {
  it('plans: reads run, writes are recorded (masked) and not run', async () => {
    const plan: PlannedAction[] = [];
    const { effects, executor, audit } = setup(plan);
    await effects.read(host, 'SHOW SLAVE STATUS');
    await effects.write(host, ["CREATE USER 'r'@'h' IDENTIFIED BY 'Secret-123'", 'START SLAVE']);
    expect(executor.ran).toEqual(['SHOW SLAVE STATUS']);
    expect(plan).toEqual([
      { kind: 'sql', target: 'db1', detail: 'SHOW SLAVE STATUS', write: false },
      {
        kind: 'sql',
        target: 'db1',
        detail: "CREATE USER 'r'@'h' IDENTIFIED BY '••••••'",
        write: true,
      },
      { kind: 'sql', target: 'db1', detail: 'START SLAVE', write: true },
    ]);
    expect(audit).toEqual([]);
  });

  it('runs writes in order, logs and audits each one with secrets masked', async () => {
    const { effects, executor, logs, audit, redactor } = setup();
    redactor.add('Generated-Pw-42');
    await effects.write(host, [
      "CHANGE MASTER TO MASTER_PASSWORD='Generated-Pw-42'",
      'START SLAVE',
    ]);
    expect(executor.ran).toHaveLength(2);
    expect(audit).toEqual([
      "db1 mysql.write ok CHANGE MASTER TO MASTER_PASSWORD='••••••'",
      'db1 mysql.write ok START SLAVE',
    ]);
    expect(logs.join('\n')).not.toContain('Generated-Pw-42');
  });

  it('a failing statement is audited as failed, and the ones after it are named as not run', async () => {
    const { effects, executor, logs, audit } = setup();
    executor.failOn = 'RESET';
    await expect(
      effects.write(host, ['STOP SLAVE', 'RESET SLAVE ALL', 'START SLAVE']),
    ).rejects.toThrow();
    expect(audit).toEqual([
      'db1 mysql.write ok STOP SLAVE',
      'db1 mysql.write failed RESET SLAVE ALL',
    ]);
    expect(logs).toContain('warn not run: START SLAVE');
  });

  it('quiet reads are not logged', async () => {
    const { effects, logs } = setup();
    await effects.read(host, 'SELECT 1', { quiet: true });
    expect(logs).toEqual([]);
  });
});
