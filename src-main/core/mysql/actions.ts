import {
  OpsdeckError,
  type Host,
  type MysqlActionParams,
  type MysqlActionResult,
  type RelayEvent,
  type ReplicaErrorReport,
  type ReplicaStatus,
} from '../../contract';
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
  // Threads take a moment to start or stop.
  await new Promise((r) => setTimeout(r, params.action === 'set-read-only' ? 0 : 500));
  const after = await deps.probe();
  return {
    host: host.name,
    action: params.action,
    statements: shown,
    status: primaryConnection(after.replication) ?? null,
    readOnly: after.facts.readOnly,
    ...(skipped ? { skipped } : {}),
  };
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
