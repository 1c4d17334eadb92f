import { z } from 'zod';
import { defineMethod } from '../define';
import {
  MysqlActionParams,
  MysqlActionResult,
  PreflightReport,
  ReplicaErrorReport,
  ReplicaStatus,
  ReplicationSetupParams,
  ServerFacts,
  Topology,
} from '../mysql';

const host = z.string().trim().min(1).max(128);

/** MySQL servers of the inventory. Replication setup runs as the workflow `mysql-replication-setup`. */
export const mysqlMethods = {
  'mysql.facts': defineMethod({
    summary:
      'Flavor, version, server_id, binlog/GTID settings, read_only, datadir, replication accounts',
    params: z.object({ host }).strict(),
    result: ServerFacts,
    events: ['prompt.request'],
    mutates: false,
  }),
  'mysql.replicaStatus': defineMethod({
    summary: 'Replication connections of a server (empty when it is not a replica)',
    params: z.object({ host }).strict(),
    result: z.array(ReplicaStatus),
    events: ['prompt.request'],
    mutates: false,
  }),
  'mysql.topology': defineMethod({
    summary:
      'The replication tree around a server: its masters up to the root, and every replica (live: the mysql.topology feed)',
    params: z.object({ host }).strict(),
    result: Topology,
    events: ['prompt.request'],
    mutates: false,
  }),
  'mysql.replicaError': defineMethod({
    summary: 'Why a replica stopped: the SQL error and the relay-log event a skip would skip',
    params: z.object({ host }).strict(),
    result: ReplicaErrorReport,
    events: [],
    mutates: false,
  }),
  'mysql.action': defineMethod({
    summary:
      'Start/stop replication, skip one failing event, set read_only (confirm with the host name; audited)',
    params: MysqlActionParams,
    result: MysqlActionResult,
    events: ['audit.appended'],
    mutates: true,
  }),
  'mysql.preflight': defineMethod({
    summary: 'Checks for a replication setup, master → new replica; changes nothing',
    params: ReplicationSetupParams,
    result: PreflightReport,
    events: ['prompt.request'],
    mutates: false,
  }),
} as const;
