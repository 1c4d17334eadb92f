import {
  OpsdeckError,
  type Host,
  type MysqlActionParams,
  type MysqlActionResult,
  type RelayEvent,
  type ReplicaErrorReport,
  type ReplicaStatus,
} from '../../contract';
import { waitUntil } from '../common/wait';
import { Redactor } from '../redact';
import { judgeAction, settleTimeout, type ReplicationAction } from './action-settle';
import type { QueryResult } from './executor';
import type { ReadRows } from './facts';
import { SETTLE_MS, STALE_GRACE_MS, type StartWatch } from './replica-start';
import type { ServerProbe } from './server-probe';
import { num, text } from './sql-row';
import { parseReplicaStatusRows, primaryConnection } from './status-parse';

export interface ActionDeps {
  host: Host;
  probe(): Promise<ServerProbe>;
  /** Statements in order on one connection. */
  write(sqls: readonly string[]): Promise<QueryResult[]>;
  /** One read (the replica status while the action takes effect). */
  read: ReadRows;
  audit(detail: string, outcome: 'ok' | 'failed'): void;
  /** How the answer waits for the action to take effect (tests shorten it). */
  timing?: Partial<ActionTiming>;
}

export interface ActionTiming {
  pollMs: number;
  /** The bound on the wait; past it the action fails, saying what it saw. */
  timeoutMs: number;
  /** Start and skip: both threads seen running this long on end. */
  settleMs: number;
  /** Start and skip: how long the error of before START may still show on a stopped thread. */
  staleMs: number;
}

const TIMING: ActionTiming = {
  pollMs: 100,
  timeoutMs: 15_000,
  settleMs: SETTLE_MS,
  staleMs: STALE_GRACE_MS,
};

const DESCRIBE: Record<MysqlActionParams['action'], string> = {
  'start-replication': 'Start replication',
  'stop-replication': 'Stop replication',
  'skip-event': 'Skip one replicated event',
  'set-read-only': 'Change read_only',
};

/**
 * Replication actions on one server. Each is confirmed (the host's name typed as `confirm`),
 * runs through the server's dialect and is audited, failed attempts included.
 */
export async function runAction(
  params: MysqlActionParams,
  deps: ActionDeps,
): Promise<MysqlActionResult> {
  const { host } = deps;
  const what =
    params.action === 'set-read-only'
      ? `Set read_only=${params.readOnly ? 'ON' : 'OFF'} on ${host.name}`
      : `${DESCRIBE[params.action]} on ${host.name}`;
  if (params.confirm !== host.name) {
    throw new OpsdeckError(
      'CONFIRMATION_REQUIRED',
      `${what}: confirmation required${params.confirm ? ` ("${params.confirm}" is not the host's name)` : ''}.`,
      `Type the host's name ("${host.name}") as the confirmation.`,
    );
  }
  const before = await deps.probe();
  const status = primaryConnection(before.replication);
  const d = before.dialect;
  let statements: string[];
  let skipped: ReplicaStatus['lastSqlError'];
  /** The replica as it was before a replication action (what the wait compares with). */
  let replica: ReplicaStatus | undefined;
  switch (params.action) {
    case 'start-replication':
      replica = requireReplica(status, host);
      statements = [d.startReplicaSql];
      break;
    case 'stop-replication':
      replica = requireReplica(status, host);
      statements = [d.stopReplicaSql];
      break;
    case 'set-read-only':
      if (params.readOnly === undefined)
        throw new OpsdeckError(
          'INVALID_PARAMS',
          'set-read-only needs readOnly (true or false).',
          'Say which value to set.',
        );
      statements = [`SET GLOBAL read_only = ${params.readOnly ? 'ON' : 'OFF'}`];
      break;
    case 'skip-event': {
      const s = (replica = requireReplica(status, host));
      if (s.sqlThread === 'running' || !s.lastSqlError) {
        throw new OpsdeckError(
          'CONFLICT',
          `The SQL thread on ${host.name} is not stopped by an error; there is nothing to skip.`,
          'Skipping is only for a replica stopped on a failing event; look at the replica status first.',
        );
      }
      if (params.expectErrno !== undefined && params.expectErrno !== s.lastSqlError.errno) {
        throw new OpsdeckError(
          'CONFLICT',
          `${host.name} now stops on error ${s.lastSqlError.errno}, not ${params.expectErrno} as shown: ${s.lastSqlError.message}`,
          'Look at the new error before skipping anything.',
        );
      }
      skipped = s.lastSqlError;
      statements = d.skipEvent(s);
      break;
    }
  }
  const redactor = new Redactor();
  const shown = statements.map((s) => redactor.text(s));
  try {
    await deps.write(statements);
  } catch (err) {
    deps.audit(`${shown.join('; ')} → failed`, 'failed');
    throw err;
  }
  deps.audit(
    `${shown.join('; ')}${skipped ? ` (skipped event that failed with ${skipped.errno}: ${redactor.text(skipped.message)})` : ''}`,
    'ok',
  );
  if (params.action === 'set-read-only' || !replica) {
    const after = await deps.probe();
    return {
      host: host.name,
      action: params.action,
      statements: shown,
      status: primaryConnection(after.replication) ?? null,
      readOnly: after.facts.readOnly,
    };
  }
  // The statements ran (audited ok above); whether they took effect is audited too when not.
  let settledStatus: ReplicaStatus;
  try {
    settledStatus = await tookEffect(
      params.action,
      replica,
      deps,
      d.replicaStatusSql,
      shown.join('; '),
    );
  } catch (err) {
    const why = err instanceof OpsdeckError ? `${err.code}: ${err.message}` : String(err);
    deps.audit(`${shown.join('; ')} → did not take effect (${redactor.text(why)})`, 'failed');
    throw err;
  }
  const readOnly = await readOnlyNow(deps.read);
  return {
    host: host.name,
    action: params.action,
    statements: shown,
    status: settledStatus,
    readOnly: readOnly ?? before.facts.readOnly,
    ...(skipped ? { skipped } : {}),
  };
}

/**
 * read_only as it is now, after the action (someone may have changed it meanwhile); undefined
 * when the server does not answer it as 0/1 (the answer then keeps what the probe before read).
 */
async function readOnlyNow(read: ReadRows): Promise<boolean | undefined> {
  const row = (await read(READ_ONLY_SQL))[0];
  const v = row ? num(row['read_only']) : undefined;
  return v === 0 || v === 1 ? v === 1 : undefined;
}

export const READ_ONLY_SQL = 'SELECT @@GLOBAL.read_only AS read_only';

/**
 * The answer comes once the action has taken effect (action-settle.ts judges each read of the
 * replica status): both threads stopped; running and staying so; for a skip, the SQL thread past
 * the failed transaction first. A thread stopped on an error meanwhile, or no settled state within
 * the bound, fails with what the server showed — the statements themselves ran (and are audited).
 */
async function tookEffect(
  action: ReplicationAction,
  before: ReplicaStatus,
  deps: ActionDeps,
  statusSql: string,
  statements: string,
): Promise<ReplicaStatus> {
  const t = { ...TIMING, ...deps.timing };
  const watch: StartWatch = {};
  let settled: ReplicaStatus | undefined;
  const failed = (message: string, hint: string) =>
    new OpsdeckError('MYSQL_REPLICATION_BROKEN', message, hint);
  await waitUntil(
    async () => {
      const c = primaryConnection(parseReplicaStatusRows(await deps.read(statusSql)));
      const v = judgeAction(
        action,
        before,
        c,
        Date.now(),
        watch,
        t.settleMs,
        deps.host.name,
        t.staleMs,
      );
      if (v.kind === 'failed') throw failed(v.message, v.hint);
      if (v.kind === 'ok') settled = c;
      return v.kind === 'ok';
    },
    {
      what: `${statements} to take effect on ${deps.host.name}`,
      pollMs: t.pollMs,
      timeoutMs: t.timeoutMs,
      onTimeout: () => {
        const m = settleTimeout(
          action,
          before,
          watch,
          Math.round(t.timeoutMs / 1000),
          t.settleMs,
          deps.host.name,
          statements,
        );
        return new OpsdeckError('TIMEOUT', m.message, m.hint);
      },
    },
  );
  return settled as ReplicaStatus;
}

function requireReplica(status: ReplicaStatus | undefined, host: Host): ReplicaStatus {
  if (!status) {
    throw new OpsdeckError(
      'CONFLICT',
      `${host.name} is not a replica (no replication is configured).`,
      'Set up replication first (opsdeck mysql replicate).',
    );
  }
  return status;
}

/** The error that stopped the SQL thread and the relay-log events at its position. */
export async function readReplicaError(
  probe: ServerProbe,
  read: ReadRows,
): Promise<ReplicaErrorReport> {
  const status = primaryConnection(probe.replication) ?? null;
  let events: RelayEvent[] = [];
  if (status?.lastSqlError && status.relayLogFile) {
    const rows = await read(probe.dialect.relayEvents(status, 5)).catch(() => []);
    events = rows.map((r) => ({
      logName: text(r.Log_name),
      pos: num(r.Pos) ?? 0,
      eventType: text(r.Event_type),
      serverId: num(r.Server_id) ?? 0,
      endLogPos: num(r.End_log_pos) ?? 0,
      info: new Redactor().text(text(r.Info)),
    }));
  }
  return {
    host: probe.host.name,
    status,
    ...(status?.lastSqlError ? { error: status.lastSqlError } : {}),
    events,
  };
}
