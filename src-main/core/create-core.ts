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
import { WorkflowRunner } from './workflows/engine/runner';
import { workflowDefinitions } from './workflows/registry';

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
  const ssh = new SshPool({ trust, vault, prompts });
  const runs = new RunsRepo(db);
  const workflows = new WorkflowRunner({
    definitions: workflowDefinitions({ hosts, clock }),
    runs,
    audit,
    bus,
    clock,
    executor: ssh,
    host: (idOrName) => hosts.get(idOrName),
  });
  workflows.recoverInterrupted();

  let closed: Promise<void> | undefined;
  const shutdown = () =>
    (closed ??= (async () => {
      await workflows.stopAll();
      prompts.closeAll();
      await ssh.closeAll();
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
    shutdown,
  };
}
