import type { MethodName } from '../../contract';
import { kebab } from './names';

/**
 * Methods whose command is written by hand, because it adds value (tables, live follow, prompts,
 * defaults) — with the command that reaches each. Every other method gets a derived command.
 * A test runs each command (its example line in cli/hand-written-examples.ts) and checks it
 * reaches the method with valid params.
 */
export const HAND_WRITTEN = {
  'app.info': 'version',
  'audit.list': 'audit',
  'hosts.list': 'hosts list',
  'hosts.add': 'hosts add',
  'hosts.remove': 'hosts remove',
  'hosts.importSshConfig': 'hosts import ssh-config',
  'hosts.importLab': 'hosts import lab',
  'hosts.testConnection': 'hosts test',
  'hosts.setProfile': 'hosts profile',
  'vault.status': 'vault status',
  'vault.unlock': 'vault unlock',
  'vault.lock': 'vault lock',
  'workflows.list': 'workflow list',
  'workflows.plan': 'workflow plan',
  'workflows.start': 'workflow run',
  'workflows.resume': 'workflow resume',
  'workflows.runs': 'workflow runs',
  'workflows.rollback': 'workflow rollback',
  'workflows.discard': 'workflow discard',
  'workflows.locks': 'workflow locks',
  'exec.run': 'exec',
  'exec.get': 'exec',
  'exec.history': 'exec',
  'exec.rerunFailed': 'exec',
  'exec.cancel': 'exec',
  'files.list': 'files ls',
  'files.download': 'files get',
  'files.upload': 'files put',
  'tunnels.open': 'tunnel',
  'mysql.facts': 'mysql facts',
  'mysql.topology': 'mysql topology',
  'mysql.preflight': 'mysql replicate',
  'mysql.action': 'mysql read-only',
  'mysql.cluster': 'mysql cluster',
  'mysql.saveCluster': 'mysql cluster',
  'mysql.failoverPlan': 'mysql failover',
  'mysql.failoverReports': 'mysql reports',
  'haproxy.status': 'haproxy status',
  'haproxy.setServer': 'haproxy server',
  'haproxy.createPool': 'haproxy pool',
  'ec2.profiles': 'ec2 profiles',
  'ec2.regions': 'ec2 regions',
  'ec2.accounts.list': 'ec2 accounts list',
  'ec2.accounts.add': 'ec2 accounts add',
  'ec2.accounts.remove': 'ec2 accounts remove',
  'ec2.accounts.test': 'ec2 accounts test',
  'ec2.instances': 'ec2 instances',
  'ec2.volumes': 'ec2 volumes',
  'ec2.snapshots': 'ec2 snapshots',
  'ec2.images': 'ec2 images',
  'ec2.keyPairs': 'ec2 keypairs',
  'ec2.securityGroups': 'ec2 groups',
  'ec2.addresses': 'ec2 addresses',
  'ec2.zones': 'ec2 zones',
  'ec2.instances.start': 'ec2 start',
  'ec2.instances.stop': 'ec2 stop',
  'ec2.instances.reboot': 'ec2 reboot',
  'ec2.instances.terminate': 'ec2 terminate',
  'ec2.instances.consoleOutput': 'ec2 console',
  'ec2.instances.launch': 'ec2 launch',
  'ec2.instances.launchPreview': 'ec2 launch',
  'ec2.instances.waitForSsh': 'ec2 launch',
  'ec2.instances.waitRunning': 'ec2 launch',
  'watch.subscribe': 'watch',
  'watch.unsubscribe': 'watch',
  'diff.compare': 'diff',
  'drift.run': 'drift',
  'snapshots.list': 'snapshots list',
  'snapshots.take': 'snapshots take',
  'snapshots.restore': 'snapshots restore',
  'metrics.history': 'metrics',
  'checks.run': 'check',
  'checks.status': 'check',
  'backups.list': 'backup list',
  'backups.get': 'backup show',
  'backups.schedules.list': 'backup schedule list',
  'backups.schedules.save': 'backup schedule add',
  'backups.schedules.cronPlan': 'backup schedule cron-plan',
  'backups.schedules.installCron': 'backup schedule install-cron',
  'backups.schedules.runNow': 'backup schedule run-now',
} as const satisfies Partial<Record<MethodName, string>>;

export type HandWritten = keyof typeof HAND_WRITTEN;
export type DerivedMethod = Exclude<MethodName, HandWritten>;

export const isHandWritten = (m: MethodName): m is HandWritten =>
  Object.prototype.hasOwnProperty.call(HAND_WRITTEN, m);

/** Where the name alone would collide with a hand-written command of another method. */
const VERB: Partial<Record<DerivedMethod, string>> = {
  // `workflow run <workflow>` starts a run; this shows one.
  'workflows.run': 'show',
};

/**
 * A derived command's words: group and verb from the method name, camelCase as kebab-case:
 * `ec2.keyPairs.create` → `ec2 key-pairs create`, `hosts.replaceHostKey` → `hosts
 * replace-host-key`. Groups resolve to existing commands by name or alias (`workflows` →
 * `workflow`, `key-pairs` → `keypairs`).
 */
export function derivedPath(method: DerivedMethod): string[] {
  const words = method.split('.').map(kebab);
  const verb = VERB[method];
  if (verb) words[words.length - 1] = verb;
  return words;
}

/** Descriptions of groups that exist only for derived commands. */
export const GROUP_TITLES: Record<string, string> = {
  prompts: 'Questions the core is waiting on, and their answers',
  terminals: 'Terminals of the core (for scripts against a running Opsdeck)',
  transfers: 'File transfers of the core',
  tunnels: 'Tunnels of the core (opsdeck tunnel opens one in the foreground)',
  watch: 'Live feeds: follow one, or list this connection’s subscriptions',
  'user-data': 'User-data templates for launches',
  checks: 'Threshold checks: list, create, update, remove, history (opsdeck check evaluates them)',
  deploy: 'Deployment check suites per server role: save, run, reports',
  tags: 'Tags on EC2 resources',
};
