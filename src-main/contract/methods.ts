import type { z } from 'zod';
import { appMethods } from './methods/app-methods';
import { backupMethods } from './methods/backup-methods';
import { ec2Methods } from './methods/ec2-methods';
import { hostMethods } from './methods/host-methods';
import { mysqlMethods } from './methods/mysql-methods';
import { haproxyMethods } from './methods/haproxy-methods';
import { failoverMethods } from './methods/failover-methods';
import { sshMethods } from './methods/ssh-methods';
import { tunnelMethods } from './methods/tunnel-methods';
import { watchMethods } from './methods/watch-methods';
import { workflowMethods } from './methods/workflow-methods';
import { diffMethods } from './methods/diff-methods';
import { metricsMethods } from './methods/metrics-methods';
import { checksMethods } from './methods/checks-methods';

/**
 * The contract's method tables, one per file under methods/: a door that validates lazily loads
 * only the table of the method called (method-loaders.ts, method-index.ts).
 */
export const methodTables = {
  app: appMethods,
  hosts: hostMethods,
  workflows: workflowMethods,
  ssh: sshMethods,
  tunnels: tunnelMethods,
  ec2: ec2Methods,
  mysql: mysqlMethods,
  haproxy: haproxyMethods,
  failover: failoverMethods,
  diff: diffMethods,
  watch: watchMethods,
  metrics: metricsMethods,
  checks: checksMethods,
  backups: backupMethods,
} as const;
export type MethodTables = typeof methodTables;
export type MethodTableName = keyof MethodTables;

/** One type holding every member of a union (`A | B` → `A & B`). */
type AllOf<U> = (U extends unknown ? (member: U) => void : never) extends (all: infer I) => void
  ? I
  : never;

/** Every method of every table: the methods of `methodTables`, by name. */
export type Methods = AllOf<MethodTables[MethodTableName]>;

/**
 * The contract: every method any door can call, one file per area under methods/. Router,
 * preload, web transport, CLI and the renderer client are all derived from this table; nobody
 * re-types a name or a shape. Its type is derived from `methodTables`, so a table added there
 * and not spread here (or spread twice under a name of another) does not compile.
 */
export const methods: Methods = {
  ...methodTables.app,
  ...methodTables.hosts,
  ...methodTables.workflows,
  ...methodTables.ssh,
  ...methodTables.tunnels,
  ...methodTables.ec2,
  ...methodTables.mysql,
  ...methodTables.haproxy,
  ...methodTables.failover,
  ...methodTables.diff,
  ...methodTables.watch,
  ...methodTables.metrics,
  ...methodTables.checks,
  ...methodTables.backups,
};
export type MethodName = keyof Methods;
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
