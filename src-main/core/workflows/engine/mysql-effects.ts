import { OpsdeckError, type Host, type PlannedAction } from '../../../contract';
import type { MysqlExecutor, MysqlSession, QueryResult } from '../../mysql/executor';
import type { Row } from '../../mysql/sql-row';
import type { Redactor } from '../../redact';

export interface SqlOptions {
  /** What the statement is for, shown in errors. */
  purpose?: string;
  timeoutMs?: number;
  /** Not logged (status polling); still recorded in plans. */
  quiet?: boolean;
}

/**
 * SQL through the run's context (DESIGN rule 4). `read` may run while planning; `write` is
 * recorded in a plan, and in a run executed, logged (redacted) and appended to the audit.
 */
export interface MysqlEffects {
  read(host: Host, sql: string, options?: SqlOptions): Promise<Row[]>;
  /** Statements in order, on one connection. */
  write(host: Host, sql: string | readonly string[], options?: SqlOptions): Promise<QueryResult[]>;
  /**
   * A connection held across statements (a read lock, a consistent snapshot). Every statement is
   * logged and audited as a write; while planning they are recorded and the session does nothing.
   */
  session(host: Host, purpose: string): Promise<MysqlSession>;
  /**
   * Statements on a connection of its own that stays open after them (a global read lock held while
   * a master is fenced); `release` runs the closing statements and ends it. Planned like writes.
   */
  hold(
    host: Host,
    sql: readonly string[],
    options?: SqlOptions,
  ): Promise<{ alive(): boolean; release(sql: readonly string[]): Promise<void> }>;
  /** The server's ids of this Opsdeck's own connections to the host (none while planning). */
  ownThreadIds(host: Host): number[];
}

export interface MysqlEffectsDeps {
  executor?: MysqlExecutor;
  redactor: Redactor;
  signal: AbortSignal;
  plan?: PlannedAction[];
  log(level: 'cmd' | 'out' | 'warn', text: string): void;
  audit(target: string, action: string, detail: string, outcome: 'ok' | 'failed'): void;
}

export function createMysqlEffects(deps: MysqlEffectsDeps): MysqlEffects {
  const executor = (): MysqlExecutor => {
    if (!deps.executor)
      throw new OpsdeckError(
        'MYSQL_NOT_CONFIGURED',
        'This Opsdeck has no MySQL connections.',
        'This is a wiring bug: the runner was built without a MySQL executor.',
      );
    return deps.executor;
  };
  const withPurpose = (err: unknown, options: SqlOptions) => {
    if (err instanceof OpsdeckError && options.purpose && err.code === 'MYSQL_QUERY_FAILED')
      return new OpsdeckError(
        err.code,
        deps.redactor.text(err.message),
        `This step needed to ${options.purpose}. ${err.hint}`,
      );
    return err;
  };
  return {
    ownThreadIds: (host) => (deps.plan ? [] : (deps.executor?.ownThreadIds?.(host) ?? [])),
    async hold(host, sql, options = {}) {
      const shown = sql.map((s) => deps.redactor.text(s));
      if (deps.plan) {
        for (const s of shown)
          deps.plan.push({ kind: 'sql', target: host.name, detail: `${s} (held)`, write: true });
        return { alive: () => true, release: async () => undefined };
      }
      const exec = executor();
      if (!exec.session)
        throw new OpsdeckError(
          'INTERNAL',
          'This MySQL executor cannot hold a session.',
          'This is a bug.',
        );
      const session = await exec.session(host, { signal: deps.signal });
      try {
        for (const s of shown) deps.log('cmd', `${host.name} sql> ${s} (held)`);
        for (const [i, s] of sql.entries()) {
          await session.query(s, {
            ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          });
          deps.audit(host.name, 'mysql.write', `${shown[i]} (held)`, 'ok');
        }
      } catch (err) {
        session.end();
        deps.audit(host.name, 'mysql.write', `${shown.join('; ')} (held)`, 'failed');
        throw withPurpose(err, options);
      }
      return {
        alive: () => session.alive(),
        release: async (closing) => {
          try {
            for (const s of closing) {
              deps.log('cmd', `${host.name} sql> ${deps.redactor.text(s)} (release)`);
              if (session.alive()) await session.query(s);
              deps.audit(host.name, 'mysql.write', `${deps.redactor.text(s)} (release)`, 'ok');
            }
          } finally {
            session.end();
          }
        },
      };
    },
    async read(host, sql, options = {}) {
      const shown = deps.redactor.text(sql);
      deps.plan?.push({ kind: 'sql', target: host.name, detail: shown, write: false });
      if (!deps.plan && !options.quiet) deps.log('cmd', `${host.name} sql> ${shown}`);
      try {
        const result = await executor().query(host, sql, {
          signal: deps.signal,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        });
        return result.rows;
      } catch (err) {
        throw withPurpose(err, options);
      }
    },
    async session(host, purpose) {
      if (deps.plan) {
        const plan = deps.plan;
        return {
          threadId: 0,
          query: async (sql: string) => {
            plan.push({
              kind: 'sql',
              target: host.name,
              detail: deps.redactor.text(sql),
              write: true,
            });
            return { rows: [], affectedRows: 0 };
          },
          alive: () => true,
          end: () => undefined,
        };
      }
      const ex = executor();
      if (!ex.session)
        throw new OpsdeckError(
          'INTERNAL',
          'This MySQL executor has no sessions.',
          'This is a wiring bug.',
        );
      const s = await ex.session(host, { signal: deps.signal });
      deps.log('cmd', `${host.name} sql> -- session ${s.threadId}: ${purpose}`);
      return {
        threadId: s.threadId,
        query: async (sql, options = {}) => {
          const shown = deps.redactor.text(sql);
          deps.log('cmd', `${host.name} sql[${s.threadId}]> ${shown}`);
          try {
            const r = await s.query(sql, { signal: deps.signal, ...options });
            deps.audit(host.name, 'mysql.session', shown, 'ok');
            return r;
          } catch (err) {
            deps.audit(host.name, 'mysql.session', shown, 'failed');
            throw err;
          }
        },
        alive: () => s.alive(),
        end: () => s.end(),
      };
    },
    async write(host, sql, options = {}) {
      const list = typeof sql === 'string' ? [sql] : [...sql];
      const shown = list.map((s) => deps.redactor.text(s));
      if (deps.plan) {
        for (const s of shown)
          deps.plan.push({ kind: 'sql', target: host.name, detail: s, write: true });
        return list.map(() => ({ rows: [], affectedRows: 0 }));
      }
      for (const s of shown) deps.log('cmd', `${host.name} sql> ${s}`);
      let done = 0;
      try {
        return await executor().queryAll(host, list, {
          signal: deps.signal,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          onStatement: (i) => {
            done = i + 1;
            deps.audit(host.name, 'mysql.write', shown[i] as string, 'ok');
          },
        });
      } catch (err) {
        deps.audit(host.name, 'mysql.write', shown[done] as string, 'failed');
        if (done + 1 < list.length)
          deps.log('warn', `not run: ${shown.slice(done + 1).join('; ')}`);
        throw withPurpose(err, options);
      }
    },
  };
}
