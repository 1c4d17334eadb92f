/**
 * Each method table of the contract, loaded on demand: a door that validates lazily (the core's
 * router) builds the zod schemas of one table the first time one of its methods is called. The
 * tables are the contract's own (methods/*.ts): same names, same shapes, same strictness.
 */
import type { MethodSpec } from './define';
import type { MethodName, MethodTableName, MethodTables, Methods } from './methods';
import { methodIndex } from './method-index';

export const methodTableLoaders: { [T in MethodTableName]: () => Promise<MethodTables[T]> } = {
  app: async () => (await import('./methods/app-methods')).appMethods,
  hosts: async () => (await import('./methods/host-methods')).hostMethods,
  workflows: async () => (await import('./methods/workflow-methods')).workflowMethods,
  ssh: async () => (await import('./methods/ssh-methods')).sshMethods,
  tunnels: async () => (await import('./methods/tunnel-methods')).tunnelMethods,
  ec2: async () => (await import('./methods/ec2-methods')).ec2Methods,
  mysql: async () => (await import('./methods/mysql-methods')).mysqlMethods,
  haproxy: async () => (await import('./methods/haproxy-methods')).haproxyMethods,
  failover: async () => (await import('./methods/failover-methods')).failoverMethods,
  diff: async () => (await import('./methods/diff-methods')).diffMethods,
  watch: async () => (await import('./methods/watch-methods')).watchMethods,
  metrics: async () => (await import('./methods/metrics-methods')).metricsMethods,
  checks: async () => (await import('./methods/checks-methods')).checksMethods,
  backups: async () => (await import('./methods/backup-methods')).backupMethods,
};

/** A method of the contract, known without loading its schemas. */
export function isIndexedMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methodIndex, name);
}

/** One method's spec (its params and result schemas), loading its table the first time. */
export async function loadMethodSpec(method: MethodName): Promise<MethodSpec> {
  const table: Partial<Record<MethodName, Methods[MethodName]>> =
    await methodTableLoaders[methodIndex[method].table]();
  const spec = table[method];
  if (!spec) throw new Error(`${method} is not in its method table`);
  return spec;
}
