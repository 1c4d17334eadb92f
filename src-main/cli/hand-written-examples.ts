import { methods, type EventPayload, type EventTopic, type MethodName } from '../contract';
import type { HandWritten } from './derived/paths';

/** Sends an event to the command's listeners, as the core would on its connection. */
export type Emit = <T extends EventTopic>(topic: T, payload: EventPayload<T>) => void;

/** What the core answers to a method the command calls on its way (only what it reads). */
export type Answer = (params: never, emit: Emit) => unknown;

export interface HandWrittenExample {
  /** What a user types after `opsdeck`. */
  argv: readonly string[];
  /** Methods the command calls before it reaches its own, answered like the core would. */
  answers?: Partial<Record<MethodName, Answer>>;
}

/** Environment variable the examples name for a secret (set by the test). */
export const EXAMPLE_SECRET_ENV = 'OPSDECK_TEST_SECRET';

const HOST = { id: 'h-1', name: 'db1', address: '10.0.0.1', groups: [], tags: [] };
const host = () => HOST;
const AT = '2026-12-07T12:00:00.000Z';
const RUN = { id: 'run-1', workflowId: 'mysql.replicate', status: 'failed', steps: [] };
const LAUNCHED = { instanceIds: ['i-0abc1234'], reservationId: 'r-1', region: 'us-east-1' };
const PREVIEW = { warnings: [], awsCli: 'aws ec2 run-instances', dryRunOk: true };
const LAUNCH = [
  'ec2',
  'launch',
  '--name',
  'web1',
  '--account',
  'fake',
  '--region',
  'us-east-1',
  '--image',
  'ami-0abc1234',
  '--type',
  't3.micro',
  '--key-pair',
  'web1',
  '--yes',
];

/**
 * For every hand-written method: a command line that reaches it (every-method.test.ts runs each
 * one against a recording core and checks the method is called with valid params).
 */
export const HAND_WRITTEN_EXAMPLES: Partial<Record<HandWritten, HandWrittenExample>> = {
  'app.info': { argv: ['version'] },
  'audit.list': { argv: ['audit'] },
  'hosts.list': { argv: ['hosts', 'list'] },
  'hosts.add': { argv: ['hosts', 'add', 'db1', '10.0.0.1', '--user', 'ops'] },
  'hosts.remove': { argv: ['hosts', 'remove', 'db1', '--yes'], answers: { 'hosts.get': host } },
  'hosts.importSshConfig': { argv: ['hosts', 'import', 'ssh-config'] },
  'hosts.importLab': { argv: ['hosts', 'import', 'lab'] },
  'hosts.testConnection': { argv: ['hosts', 'test', 'db1'], answers: { 'hosts.get': host } },
  'hosts.setProfile': {
    argv: ['hosts', 'profile', 'db1', '--set', 'sudo=true'],
    answers: { 'hosts.get': host },
  },
  'vault.status': { argv: ['vault', 'status'] },
  'vault.unlock': {
    argv: ['vault', 'unlock', '--passphrase-env', EXAMPLE_SECRET_ENV],
    answers: { 'vault.status': () => ({ initialized: true, unlocked: false }) },
  },
  'vault.lock': { argv: ['vault', 'lock'] },
  'workflows.list': { argv: ['workflow', 'list'] },
  'workflows.plan': {
    argv: ['workflow', 'plan', 'collect-facts', '--host', 'db1'],
    answers: { 'hosts.get': host },
  },
  'workflows.start': {
    argv: ['workflow', 'run', 'collect-facts', '--host', 'db1'],
    answers: { 'hosts.get': host },
  },
  'workflows.resume': { argv: ['workflow', 'resume', 'run-1'] },
  'workflows.runs': { argv: ['workflow', 'runs'] },
  'workflows.rollback': {
    argv: ['workflow', 'rollback', 'run-1', '--yes'],
    answers: { 'workflows.run': () => RUN },
  },
  'workflows.discard': {
    argv: ['workflow', 'discard', 'run-1', '--yes'],
    answers: { 'workflows.run': () => RUN },
  },
  'workflows.locks': { argv: ['workflow', 'locks'] },
  'exec.run': { argv: ['exec', '--group', 'db', '--', 'uptime'] },
  'exec.get': { argv: ['exec', '--show', 'exec-1'] },
  'exec.history': { argv: ['exec', '--history'] },
  'exec.rerunFailed': { argv: ['exec', '--rerun-failed', 'exec-1'] },
  'exec.cancel': { argv: ['exec', '--cancel', 'exec-1'] },
  'files.list': { argv: ['files', 'ls', 'db1', '/etc'] },
  'files.download': { argv: ['files', 'get', 'db1', '/etc/hosts', '/tmp/hosts'] },
  'files.upload': { argv: ['files', 'put', 'db1', '/tmp/hosts', '/etc/hosts'] },
  'tunnels.open': { argv: ['tunnel', 'db1', '-L', '13306:127.0.0.1:3306'] },
  'mysql.facts': { argv: ['mysql', 'facts', 'db1'] },
  'mysql.topology': { argv: ['mysql', 'topology', 'db1'] },
  'mysql.preflight': {
    argv: ['mysql', 'replicate', '--master', 'db1', '--replica', 'db2', '--preflight'],
  },
  'mysql.action': { argv: ['mysql', 'read-only', 'db1', 'on'], answers: { 'hosts.get': host } },
  'mysql.cluster': { argv: ['mysql', 'cluster', 'db1'] },
  'mysql.saveCluster': {
    argv: ['mysql', 'cluster', 'db1', '--name', 'main', '--members', 'db1,db2'],
    // A cluster as the core keeps one: its settings with their defaults.
    answers: {
      'mysql.cluster': () =>
        methods['mysql.saveCluster'].params.parse({ name: 'main', members: ['db1'] }),
    },
  },
  'mysql.failoverPlan': { argv: ['mysql', 'failover', '--master', 'db1', '--dry-run'] },
  'mysql.failoverReports': { argv: ['mysql', 'reports'] },
  'haproxy.status': { argv: ['haproxy', 'status', 'lb1'] },
  'haproxy.setServer': { argv: ['haproxy', 'server', 'lb1', 'mysql/db1', 'drain', '--yes'] },
  'haproxy.createPool': {
    argv: [
      'haproxy',
      'pool',
      'lb1',
      '--section',
      'mysql_writer',
      '--bind',
      '10.0.0.254:3306',
      '--master',
      'db1',
    ],
  },
  'ec2.profiles': { argv: ['ec2', 'profiles'] },
  'ec2.regions': { argv: ['ec2', 'regions'] },
  'ec2.accounts.list': { argv: ['ec2', 'accounts', 'list'] },
  'ec2.accounts.add': { argv: ['ec2', 'accounts', 'add', 'prod', '--profile', 'default'] },
  'ec2.accounts.remove': { argv: ['ec2', 'accounts', 'remove', 'prod', '--yes'] },
  'ec2.accounts.test': { argv: ['ec2', 'accounts', 'test', 'prod'] },
  'ec2.instances': { argv: ['ec2', 'instances'] },
  'ec2.volumes': { argv: ['ec2', 'volumes'] },
  'ec2.snapshots': { argv: ['ec2', 'snapshots'] },
  'ec2.images': { argv: ['ec2', 'images'] },
  'ec2.keyPairs': { argv: ['ec2', 'keypairs'] },
  'ec2.securityGroups': { argv: ['ec2', 'groups'] },
  'ec2.addresses': { argv: ['ec2', 'addresses'] },
  'ec2.zones': { argv: ['ec2', 'zones'] },
  'ec2.instances.start': { argv: ['ec2', 'start', 'i-0abc1234'] },
  'ec2.instances.stop': { argv: ['ec2', 'stop', 'i-0abc1234'] },
  'ec2.instances.reboot': { argv: ['ec2', 'reboot', 'i-0abc1234'] },
  'ec2.instances.terminate': {
    argv: ['ec2', 'terminate', 'i-0abc1234', '--confirm', 'i-0abc1234'],
  },
  'ec2.instances.consoleOutput': { argv: ['ec2', 'console', 'i-0abc1234'] },
  'ec2.instances.launchPreview': {
    argv: [...LAUNCH, '--dry-run'],
    answers: { 'ec2.keyPairs': () => ({ rows: [] }) },
  },
  'ec2.instances.launch': {
    argv: LAUNCH,
    answers: { 'ec2.keyPairs': () => ({ rows: [] }), 'ec2.instances.launchPreview': () => PREVIEW },
  },
  'ec2.instances.waitRunning': {
    argv: [...LAUNCH, '--wait'],
    answers: {
      'ec2.keyPairs': () => ({ rows: [] }),
      'ec2.instances.launchPreview': () => PREVIEW,
      'ec2.instances.launch': () => LAUNCHED,
    },
  },
  'ec2.instances.waitForSsh': {
    argv: [...LAUNCH, '--wait'],
    answers: {
      'ec2.keyPairs': () => ({ rows: [] }),
      'ec2.instances.launchPreview': () => PREVIEW,
      'ec2.instances.launch': () => LAUNCHED,
      'ec2.instances.waitRunning': () => [],
    },
  },
  'watch.subscribe': { argv: ['watch', 'mysql.topology', '--host', 'db1'] },
  'watch.unsubscribe': {
    argv: ['watch', 'mysql.topology', '--host', 'db1', '--count', '1'],
    answers: {
      // One update (printed as JSON as it came); after --count updates the command unsubscribes.
      'watch.subscribe': (_params, emit) => {
        emit('watch.data', { subscriptionId: 'sub-1', at: AT, seq: 1, data: {} } as never);
        return { subscriptionId: 'sub-1' };
      },
    },
  },
  'diff.compare': { argv: ['diff', 'db1:/etc/my.cnf', 'db2:/etc/my.cnf'] },
  'drift.run': { argv: ['drift', '/etc/my.cnf', '--group', 'db'] },
  'snapshots.list': { argv: ['snapshots', 'list'] },
  'snapshots.take': { argv: ['snapshots', 'take', 'db1', '/etc/my.cnf'] },
  'snapshots.restore': {
    argv: ['snapshots', 'restore', '#7', '--yes'],
    answers: {
      'snapshots.list': () => [{ id: 7, hostId: 'h-1', path: '/etc/my.cnf' }],
    },
  },
  'metrics.history': { argv: ['metrics', 'db1', '--source', 'ssh', '--since', '1h'] },
  'checks.run': { argv: ['check'] },
  'checks.status': { argv: ['check', '--current'] },
  'backups.list': { argv: ['backup', 'list'] },
  'backups.get': { argv: ['backup', 'show', 'bk-1'] },
  'backups.schedules.list': { argv: ['backup', 'schedule', 'list'] },
  'backups.schedules.save': {
    argv: ['backup', 'schedule', 'add', 'nightly', 'db1', '--when', 'daily@02:30'],
    answers: { 'backups.schedules.list': () => [] },
  },
  'backups.schedules.cronPlan': { argv: ['backup', 'schedule', 'cron-plan', 'nightly'] },
  'backups.schedules.installCron': {
    argv: ['backup', 'schedule', 'install-cron', 'nightly', '--yes'],
    answers: { 'backups.schedules.cronPlan': () => ({ lines: [], crontab: '' }) },
  },
  'backups.schedules.runNow': { argv: ['backup', 'schedule', 'run-now', 'nightly'] },
};
