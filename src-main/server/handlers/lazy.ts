/**
 * Handlers loaded on first use, with the core areas they need: a door that serves `hosts.list`
 * never loads the EC2, SSH or MySQL code. `index.ts` builds the same table eagerly (tests); the
 * compiler checks it is complete, and lazy.test.ts checks every method resolves here too.
 */
import type { MethodName } from '../../contract';
import type { Area, Core } from '../../core/create-core';
import type { Handler, Handlers } from '../router';

type Group =
  | 'app'
  | 'vault'
  | 'hosts'
  | 'ssh'
  | 'tunnels'
  | 'ec2'
  | 'mysql'
  | 'haproxy'
  | 'failover'
  | 'workflows'
  | 'watch'
  | 'diff'
  | 'metrics'
  | 'backups';

const modules: Record<Group, (core: Core) => Promise<Partial<Handlers>>> = {
  app: async (core) => (await import('./app-handlers')).appHandlers(core),
  vault: async (core) => (await import('./vault-handlers')).vaultHandlers(core),
  hosts: async (core) => (await import('./host-handlers')).hostHandlers(core),
  ssh: async (core) => (await import('./ssh-handlers')).sshHandlers(core),
  tunnels: async (core) => (await import('./tunnel-handlers')).tunnelHandlers(core),
  ec2: async (core) => (await import('./ec2-handlers')).ec2Handlers(core),
  mysql: async (core) => (await import('./mysql-handlers')).mysqlHandlers(core),
  haproxy: async (core) => (await import('./haproxy-handlers')).haproxyHandlers(core),
  failover: async (core) => (await import('./failover-handlers')).failoverHandlers(core),
  workflows: async (core) => (await import('./workflow-handlers')).workflowHandlers(core),
  watch: async (core) => (await import('./watch-handlers')).watchHandlers(core),
  diff: async (core) => (await import('./diff-handlers')).diffHandlers(core),
  metrics: async (core) => (await import('./metrics-handlers')).metricsHandlers(core),
  backups: async (core) => (await import('./backup-handlers')).backupHandlers(core),
};

/** The core areas a group's handlers are built on (its module reads them when it is made). */
const groupAreas: Record<Group, Area[]> = {
  app: [],
  vault: [],
  hosts: [],
  ssh: ['ssh'],
  tunnels: ['tunnels'],
  ec2: ['aws'],
  mysql: ['mysql'],
  haproxy: ['haproxy'],
  failover: ['failover'],
  workflows: ['workflows'],
  // Each feed loads the area it reads when it is first watched (core/watch/feed-sources.ts).
  watch: [],
  diff: ['diff'],
  metrics: ['metrics'],
  // The catalog and schedules read the store; a destination or a schedule loads what it reaches.
  backups: ['backups'],
};

/** Methods that need an area their group does not (they use it per call). */
const methodAreas: Partial<Record<MethodName, Area[]>> = {
  'hosts.testConnection': ['ssh'],
  // A seed from a backup reads the catalog.
  'mysql.preflight': ['backups'],
};

/** MySQL methods served by the failover area (clusters, planning, reports). */
const FAILOVER_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'mysql.clusters',
  'mysql.cluster',
  'mysql.saveCluster',
  'mysql.removeCluster',
  'mysql.failoverPlan',
  'mysql.failoverReports',
]);

export function groupOf(method: MethodName): Group {
  if (method === 'hosts.replaceHostKey') return 'ssh';
  if (FAILOVER_METHODS.has(method)) return 'failover';
  const prefix = method.slice(0, method.indexOf('.'));
  switch (prefix) {
    case 'app':
    case 'audit':
    case 'prompts':
      return 'app';
    case 'vault':
    case 'hosts':
    case 'tunnels':
    case 'ec2':
    case 'mysql':
    case 'haproxy':
    case 'workflows':
    case 'watch':
    case 'backups':
      return prefix;
    case 'diff':
    case 'snapshots':
    case 'drift':
      return 'diff';
    case 'metrics':
    case 'checks':
    case 'deploy':
      return 'metrics';
    default:
      return 'ssh'; // terminals, exec, files, transfers
  }
}

export function lazyHandlers(core: Core): (method: MethodName) => Promise<Handler<MethodName>> {
  const loaded = new Map<Group, Promise<Partial<Handlers>>>();
  const groupHandlers = (group: Group) => {
    let p = loaded.get(group);
    if (!p) {
      p = core.load(...groupAreas[group]).then(() => modules[group](core));
      p.catch(() => loaded.delete(group)); // a failed load is retried by the next call
      loaded.set(group, p);
    }
    return p;
  };
  return async (method) => {
    const [handlers] = await Promise.all([
      groupHandlers(groupOf(method)),
      core.load(...(methodAreas[method] ?? [])),
    ]);
    const handler = handlers[method];
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler as Handler<MethodName>;
  };
}
