import { join } from 'node:path';
import { createEventBus } from './event-bus';
import { systemClock, type Clock } from './clock';
import { openDatabase, type Db } from './store/database';
import { HostsRepo } from './store/hosts-repo';
import { AuditRepo } from './store/audit-repo';
import { KnownHostsRepo } from './store/known-hosts-repo';
import { PromptService } from './prompts/prompt-service';
import { PromptingVault } from './secrets/prompting-vault';
import { chooseVault } from './secrets/choose-vault';
import type { SafeStorageLike } from './secrets/safe-storage-vault';
import { HostService } from './inventory/host-service';
import { HostKeyTrust } from './ssh/host-key-trust';
import { OpsdeckError } from '../contract/errors';
import type { AreaBase } from './area-base';
import { AREAS, createAreaLoader, type Area, type AreaServices } from './core-areas';
import { CoreOwnership, type OwnershipOptions, type Recovery } from './ownership/core-ownership';
import { WatchHub } from './watch/watch-hub';
import { feedSources } from './watch/feed-sources';
import { metricsWorkPending } from './metrics/metrics-work';

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
  /**
   * A locked vault asks for its passphrase (a prompt event) when a secret is needed, and offers
   * to create itself the first time; the door must answer such prompts (the CLI does).
   */
  askForVaultPassphrase?: boolean;
  clock?: Clock;
  promptTimeoutMs?: number;
  /**
   * 'lazy' (the doors): SSH, tunnels, MySQL, EC2 and workflows load on first use (`core.load`).
   * 'eager' (default; tests that reach into core services): everything is loaded at start.
   */
  areas?: 'lazy' | 'eager';
  /** Lease timing and the callback when another core took the lease over (core/ownership). */
  lease?: Pick<OwnershipOptions, 'heartbeatMs' | 'staleMs' | 'onLost'>;
  /**
   * Run backup schedules in this core (default: the long-lived doors, electron and web — never a
   * CLI's own core, which lives for one command). They fire only while this core holds the lease.
   */
  schedules?: boolean;
}

export type { Area };

/** Whether any MySQL cluster is saved (read without loading the failover area). */
function hasClusters(db: Db): boolean {
  return db.prepare('SELECT 1 FROM mysql_clusters LIMIT 1').get() !== undefined;
}

/**
 * Every core service, constructed once per door (DESIGN rule 10: no hidden singletons). The
 * services of the heavy areas (ssh … workflows) exist once their area is loaded: the router
 * loads what a method needs first; using one before throws INTERNAL.
 */
export interface Core extends AreaServices, Omit<AreaBase, 'door' | 'owner'> {
  door: Door;
  /** The vault, asking its door for the passphrase when locked (askForVaultPassphrase). */
  vault: PromptingVault;
  /** Why the vault is not the expected one (e.g. Linux without a keyring), for vault.status. */
  vaultNotice?: string;
  knownHosts: KnownHostsRepo;
  /** This core's lease on the data folder, and what taking it recovered. */
  ownership: CoreOwnership;
  recovery: Recovery;
  /** Load areas (and what they build on); resolves at once when they are loaded. */
  load(...areas: Area[]): Promise<void>;
  isLoaded(area: Area): boolean;
  /** Live feeds: subscriptions owned by door connections (contract/feeds.ts). */
  watch: WatchHub;
  shutdown(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, 'opsdeck.db'));
  let ownership: CoreOwnership;
  try {
    ownership = CoreOwnership.acquire(db, { door: options.door, ...options.lease });
  } catch (err) {
    db.close();
    throw err;
  }
  const bus = createEventBus();
  const { vault: store, notice: vaultNotice } = chooseVault(options);
  if (options.vaultPassphrase && store.adapter === 'passphrase-file')
    await store.unlock(options.vaultPassphrase);

  const prompts = new PromptService(bus, options.promptTimeoutMs);
  const vault = new PromptingVault(store, prompts, options.askForVaultPassphrase ?? false);
  // Every audit record is announced, whoever appended it (a door, a run, an action).
  const audit = new AuditRepo(db, (record) => bus.emit('audit.appended', record));
  const knownHosts = new KnownHostsRepo(db);
  const hosts = new HostService({ repo: new HostsRepo(db), vault, bus, clock });
  const trust = new HostKeyTrust({
    repo: knownHosts,
    prompts,
    ...(options.knownHostsFiles ? { knownHostsFiles: options.knownHostsFiles } : {}),
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
  const areas = createAreaLoader({
    ...{ door: options.door, dataDir: options.dataDir, db, bus, clock, vault, prompts, audit },
    ...{ hosts, trust, owner: ownership.owner },
  });
  if (options.areas !== 'lazy') for (const area of AREAS) await areas.load(area);
  // A long-lived door watches the saved clusters (heartbeat, failover monitor) from the start.
  else if (options.door !== 'cli' && hasClusters(db))
    void areas.load('workflows').catch(() => undefined);
  // A long-running core with checks or scheduled suites starts watching at once (in the
  // background: the door does not wait for SSH and MySQL code to load).
  if (options.areas === 'lazy' && options.door !== 'cli' && metricsWorkPending(db))
    void areas.load('metrics').catch(() => undefined);
  const watch = new WatchHub({
    sources: feedSources({
      hosts,
      // The MySQL area loads when the first topology is watched.
      mysql: {
        topology: async (host) => {
          await areas.load('mysql');
          return area('mysql').topology(host);
        },
      },
      // The failover area loads when the first cluster is watched.
      clusters: {
        viewAround: async (host) => {
          await areas.load('failover');
          return area('clusters').viewAround(host);
        },
      },
      // The metrics area loads when the first chart is watched.
      metrics: async () => {
        await areas.load('metrics');
        return area('metrics');
      },
      now: () => clock.now().getTime(),
    }),
    bus,
    clock,
  });

  let closed: Promise<void> | undefined;
  const shutdown = () =>
    (closed ??= (async () => {
      watch.shutdown();
      prompts.closeAll();
      await areas.shutdown();
      ownership.release();
      db.close();
    })());

  const area = <K extends keyof AreaServices>(key: K): AreaServices[K] => {
    const value = areas.peek(key);
    if (value) return value;
    throw new OpsdeckError(
      'INTERNAL',
      `The core used ${key} before loading its area.`,
      'This is a bug in Opsdeck: report it with the command you ran.',
    );
  };
  // Backup schedules: only a long-lived core runs them, and only while it holds the lease. The
  // timer lives with the backups area (loaded here: the catalog and schedules read the store
  // only; a due schedule loads the workflows).
  if (options.schedules ?? options.door !== 'cli') {
    await areas.load('backups');
    area('schedules').start(() => ownership.isHeld);
  }

  return {
    door: options.door,
    dataDir: options.dataDir,
    db,
    bus,
    clock,
    vault,
    ...(vaultNotice ? { vaultNotice } : {}),
    prompts,
    audit,
    knownHosts,
    hosts,
    trust,
    ownership,
    watch,
    recovery: ownership.recovery,
    load: async (...wanted) => {
      for (const a of wanted) await areas.load(a);
    },
    isLoaded: (a) => areas.isLoaded(a),
    get ssh() {
      return area('ssh');
    },
    get terminals() {
      return area('terminals');
    },
    get exec() {
      return area('exec');
    },
    get files() {
      return area('files');
    },
    get transfers() {
      return area('transfers');
    },
    get tunnels() {
      return area('tunnels');
    },
    get mysql() {
      return area('mysql');
    },
    get aws() {
      return area('aws');
    },
    get workflows() {
      return area('workflows');
    },
    get backups() {
      return area('backups');
    },
    get schedules() {
      return area('schedules');
    },
    get haproxy() {
      return area('haproxy');
    },
    get clusters() {
      return area('clusters');
    },
    get heartbeat() {
      return area('heartbeat');
    },
    get diff() {
      return area('diff');
    },
    get metrics() {
      return area('metrics');
    },
    get checks() {
      return area('checks');
    },
    get deploy() {
      return area('deploy');
    },
    get timeline() {
      return area('timeline');
    },
    shutdown,
  };
}
