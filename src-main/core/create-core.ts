import { homedir } from 'node:os';
import { join } from 'node:path';
import { createEventBus, type EventBus } from './event-bus';
import { systemClock, type Clock } from './clock';
import { openDatabase, type Db } from './store/database';
import { HostsRepo } from './store/hosts-repo';
import { AuditRepo } from './store/audit-repo';
import { RunsRepo } from './store/runs-repo';
import { KnownHostsRepo } from './store/known-hosts-repo';
import { PromptService } from './prompts/prompt-service';
import type { Vault } from './secrets/vault';
import { PassphraseFileVault } from './secrets/passphrase-file-vault';
import { SafeStorageVault, type SafeStorageLike } from './secrets/safe-storage-vault';
import { HostService } from './inventory/host-service';
import { HostKeyTrust, SshPool } from './ssh';
import { createSshServices } from './ssh-services';
import { TunnelManager } from './tunnels';
import { WorkflowRunner } from './workflows/engine/runner';
import { createMysqlServices, type MysqlService } from './mysql';
import { workflowDefinitions } from './workflows/registry';
import { AwsService } from './aws/ec2-service';
import { AwsAccountsRepo } from './store/aws-accounts-repo';
import { BackupsRepo } from './store/backups-repo';
import { BackupCatalog } from './backups/catalog';
import { ScheduleService } from './backups/schedules/schedule-service';
import { SchedulesRepo } from './store/schedules-repo';
import { randomBytes } from 'node:crypto';

export type Door = 'electron' | 'web' | 'cli';

export interface CoreOptions {
  door: Door;
  dataDir: string;
  /** Electron's safeStorage, when the Electron door runs; otherwise the passphrase file vault. */
  safeStorage?: SafeStorageLike;
  /** OpenSSH known_hosts files read beside Opsdeck's own store. */
  knownHostsFiles?: string[];
  /** Passphrase that unlocks the file vault at start (CLI/CI: OPSDECK_VAULT_PASSPHRASE). */
  vaultPassphrase?: string;
  clock?: Clock;
  promptTimeoutMs?: number;
}

/** Every core service, constructed once per door (DESIGN rule 10: no hidden singletons). */
export interface Core {
  door: Door;
  dataDir: string;
  db: Db;
  bus: EventBus;
  clock: Clock;
  vault: Vault;
  prompts: PromptService;
  audit: AuditRepo;
  knownHosts: KnownHostsRepo;
  hosts: HostService;
  trust: HostKeyTrust;
  ssh: SshPool;
  workflows: WorkflowRunner;
  mysql: MysqlService;
  terminals: ReturnType<typeof createSshServices>['terminals'];
  exec: ReturnType<typeof createSshServices>['exec'];
  files: ReturnType<typeof createSshServices>['files'];
  transfers: ReturnType<typeof createSshServices>['transfers'];
  tunnels: TunnelManager;
  aws: AwsService;
  backups: BackupCatalog;
  schedules: ScheduleService;
  shutdown(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, 'opsdeck.db'));
  const bus = createEventBus();
  const vault: Vault = options.safeStorage
    ? new SafeStorageVault(join(options.dataDir, 'secrets.safe.json'), options.safeStorage)
    : new PassphraseFileVault(join(options.dataDir, 'vault.json'));
  if (options.vaultPassphrase && !options.safeStorage) await vault.unlock(options.vaultPassphrase);

  const prompts = new PromptService(bus, options.promptTimeoutMs);
  const audit = new AuditRepo(db);
  const knownHosts = new KnownHostsRepo(db);
  const hosts = new HostService({ repo: new HostsRepo(db), vault, bus, clock });
  const trust = new HostKeyTrust({
    repo: knownHosts,
    prompts,
    knownHostsFiles: options.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')],
    audit: (action, detail, target) =>
      audit.append({
        at: clock.now().toISOString(),
        door: options.door,
        target,
        action,
        detail,
        outcome: 'ok',
      }),
  });
  const ssh = new SshPool({
    trust,
    vault,
    prompts,
    resolveHost: (name) => hosts.list().find((h) => h.name.toLowerCase() === name.toLowerCase()),
  });
  const sshServices = createSshServices({
    ...{ db, pool: ssh, hosts, bus, clock, audit },
    dataDir: options.dataDir,
  });
  const tunnels = new TunnelManager({
    ...{ pool: ssh, bus, clock, audit },
    host: (idOrName) => hosts.get(idOrName),
  });
  const aws = new AwsService({
    repo: new AwsAccountsRepo(db),
    vault,
    audit,
    clock,
    dataDir: options.dataDir,
    askMfaCode: async (profile, mfaSerial) => {
      const answer = await prompts.ask({
        kind: 'secret',
        title: `MFA code for AWS profile ${profile}`,
        label: mfaSerial,
      });
      if (answer.value === null) throw new Error('MFA code entry was cancelled');
      return answer.value;
    },
  });
  const runs = new RunsRepo(db);
  const mysql = createMysqlServices({ ssh, vault, hosts, audit, bus, clock });
  const backups = new BackupCatalog({
    repo: new BackupsRepo(db),
    bus,
    clock,
    stores: {
      host: (idOrName) => hosts.get(idOrName),
      acquire: (h, signal) => ssh.acquire(h, signal),
      exec: (h, cmd, o) => ssh.exec(h, cmd, o ?? {}),
      s3: (account) => aws.credentials(account),
    },
  });
  const workflows = new WorkflowRunner({
    definitions: workflowDefinitions({
      hosts,
      clock,
      vault,
      mysql: mysql.pool,
      backups: {
        catalog: backups,
        closeMysql: (id) => mysql.pool.close(id),
        random: () => randomBytes(2).toString('hex'),
        now: () => clock.now(),
      },
    }),
    runs,
    audit,
    bus,
    clock,
    executor: ssh,
    mysql: mysql.pool,
    pipe: mysql.pipe,
    streams: {
      acquire: (h, signal) => ssh.acquire(h, signal),
      exec: (h, cmd) => ssh.exec(h, cmd, { timeoutMs: 15_000 }),
    },
    aws,
    host: (idOrName) => hosts.get(idOrName),
  });
  workflows.recoverInterrupted();
  backups.failInterrupted();
  const schedules = new ScheduleService({
    repo: new SchedulesRepo(db),
    runner: workflows,
    bus,
    clock,
    audit,
    host: (idOrName) => hosts.get(idOrName),
    ssh,
    mysql: mysql.pool,
  });
  // Schedules run while a long-lived door is open (the desktop window, web mode), not in one CLI call.
  if (options.door !== 'cli') schedules.start();

  let closed: Promise<void> | undefined;
  const shutdown = () =>
    (closed ??= (async () => {
      schedules.stop();
      await workflows.stopAll();
      prompts.closeAll();
      mysql.service.shutdown();
      await sshServices.stop();
      await tunnels.closeAll();
      await ssh.closeAll();
      aws.destroy();
      db.close();
    })());

  return {
    door: options.door,
    dataDir: options.dataDir,
    db,
    bus,
    clock,
    vault,
    prompts,
    audit,
    knownHosts,
    hosts,
    trust,
    ssh,
    workflows,
    mysql: mysql.service,
    terminals: sshServices.terminals,
    exec: sshServices.exec,
    files: sshServices.files,
    transfers: sshServices.transfers,
    tunnels,
    aws,
    backups,
    schedules,
    shutdown,
  };
}
