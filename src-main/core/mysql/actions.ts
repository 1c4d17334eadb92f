import {
  OpsdeckError,
  type Host,
  type MysqlActionParams,
  type MysqlActionResult,
  type RelayEvent,
  type ReplicaErrorReport,
  type ReplicaStatus,
  type ThreadError,
} from '../../contract';
import { waitUntil } from '../common/wait';
import { Redactor } from '../redact';
import type { QueryResult } from './executor';
import type { ReadRows } from './facts';
import type { ServerProbe } from './server-probe';
import { num, text } from './sql-row';
import { primaryConnection } from './status-parse';

export interface ActionDeps {
  host: Host;
  probe(): Promise<ServerProbe>;
  /** Statements in order on one connection. */
  write(sqls: readonly string[]): Promise<QueryResult[]>;
  audit(detail: string, outcome: 'ok' | 'failed'): void;
}

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
  switch (params.action) {
    case 'start-replication':
      requireReplica(status, host);
      statements = [d.startReplicaSql];
      break;
    case 'stop-replication':
      requireReplica(status, host);
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
      const s = requireReplica(status, host);
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
  const after = await settled(params.action, deps.probe, status);
  return {
    host: host.name,
    action: params.action,
    statements: shown,
    status: primaryConnection(after.replication) ?? null,
    readOnly: after.facts.readOnly,
    ...(skipped ? { skipped } : {}),
  };
}

/** How long the answer waits for the replication threads to reach the state the action asked for. */
const SETTLE_MS = 3_000;
const SETTLE_POLL_MS = 100;

/**
 * The server after the action: the replication threads take a moment to start or stop, so the
 * status is read again (every 100 ms, for at most 3 s) until they are where the action sent them
 * — both stopped, or each running or stopped by an error it did not show before the action (a
 * START SLAVE clears the old error only once its thread starts: that error still showing is not
 * an answer). Past that the last status read is the answer: the action itself is done, the status
 * says what the threads are doing.
 */
async function settled(
  action: MysqlActionParams['action'],
  probe: () => Promise<ServerProbe>,
  before: ReplicaStatus | undefined,
): Promise<ServerProbe> {
  let last = await probe();
  if (action === 'set-read-only') return last;
  const fresh = (now: ThreadError | undefined, old: ThreadError | undefined): boolean =>
    !!now && (now.errno !== old?.errno || now.message !== old?.message || now.at !== old?.at);
  const done = (p: ServerProbe): boolean => {
    const s = primaryConnection(p.replication);
    if (!s) return true;
    if (action === 'stop-replication') return s.ioThread === 'stopped' && s.sqlThread === 'stopped';
    const ioSettled = s.ioThread === 'running' || fresh(s.lastIoError, before?.lastIoError);
    const sqlSettled = s.sqlThread === 'running' || fresh(s.lastSqlError, before?.lastSqlError);
    return ioSettled && sqlSettled;
  };
  return waitUntil(
    async () => {
      if (done(last)) return last;
      last = await probe();
      return done(last) && last;
    },
    {
      what: 'the replication threads',
      pollMs: SETTLE_POLL_MS,
      timeoutMs: SETTLE_MS,
      onTimeout: () => new SettleTimeout(),
    },
  ).catch((err: unknown) => {
    if (err instanceof SettleTimeout) return last;
    throw err;
  });
}

class SettleTimeout extends Error {}

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
