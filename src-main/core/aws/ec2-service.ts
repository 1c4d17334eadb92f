import { join } from 'node:path';
import type {
  AwsAccount,
  AwsAccountInput,
  AwsProfile,
  Ec2Listing,
  Ec2Region,
} from '../../contract';
import { toErrorShape } from '../../contract';
import type { Clock } from '../clock';
import type { Vault } from '../secrets/vault';
import type { AuditRepo } from '../store/audit-repo';
import type { AwsAccountsRepo } from '../store/aws-accounts-repo';
import { AwsAccountService } from './accounts';
import type { ActionContext } from './actions/action-context';
import { CancellableCalls } from './cancellable-calls';
import { credentialsFor, type CredentialsProvider } from './credentials';
import { Ec2ClientFactory, type ClientFactoryOptions } from './ec2-client-factory';
import { acrossRegions } from './multi-region';
import { awsConfigFiles, listProfiles } from './profiles';
import { listRegions, listZones } from './regions';
import { listAddresses } from './resources/addresses';
import { listImages, type ImageFilter } from './resources/images';
import { listInstances } from './resources/instances';
import { listKeyPairs } from './resources/key-pairs';
import { listSecurityGroups } from './resources/security-groups';
import { listSnapshots } from './resources/snapshots';
import { listVolumes } from './resources/volumes';
import type { AwsScope } from './scope';

export interface AwsServiceDeps {
  repo: AwsAccountsRepo;
  vault: Vault;
  audit: AuditRepo;
  clock: Clock;
  dataDir: string;
  /** Ask for an MFA code (assume-role profiles with mfa_serial), e.g. through a prompt event. */
  askMfaCode?: (profile: string, mfaSerial: string) => Promise<string>;
  client?: Omit<ClientFactoryOptions, 'credentials'>;
  /** Hears of every change to an account or its resources (the core emits `ec2.changed`). */
  changed?: (change: { account: string; region: string; method: string }) => void;
  /** Regions listed at the same time in an all-regions query (default 4). */
  regionConcurrency?: number;
  /** Shared config files to read profiles from (default: ~/.aws or AWS_CONFIG_FILE…). */
  configFiles?: { config: string; credentials: string };
}

/** Which account, and one region or all of them. */
export interface ListScope {
  account: string;
  region?: string | undefined;
  allRegions?: boolean | undefined;
  /** Lets `cancel(requestId)` abort the listing. */
  requestId?: string | undefined;
}

/**
 * EC2 for every door: accounts, regions and the resource tables, and the action contexts the
 * actions in ./actions run in. Holds one client per account and region.
 */
export class AwsService {
  readonly accounts: AwsAccountService;
  private readonly clients: Ec2ClientFactory;
  private readonly calls = new CancellableCalls();

  constructor(private readonly deps: AwsServiceDeps) {
    this.accounts = new AwsAccountService({
      repo: deps.repo,
      vault: deps.vault,
      clock: deps.clock,
    });
    this.clients = new Ec2ClientFactory({
      ...deps.client,
      credentials: (account) =>
        credentialsFor(account, {
          vault: deps.vault,
          ...(deps.askMfaCode ? { askMfaCode: deps.askMfaCode } : {}),
        }),
    });
  }

  profiles(): AwsProfile[] {
    return listProfiles(this.deps.configFiles ?? awsConfigFiles());
  }

  async addAccount(input: AwsAccountInput): Promise<AwsAccount> {
    const account = await this.accounts.add(input);
    this.announce(account, account.defaultRegion, 'ec2.accounts.add');
    return account;
  }

  async removeAccount(idOrName: string): Promise<AwsAccount> {
    const account = await this.accounts.remove(idOrName);
    this.clients.forget(account.id);
    this.announce(account, account.defaultRegion, 'ec2.accounts.remove');
    return account;
  }

  private announce(account: AwsAccount, region: string, method: string): void {
    this.deps.changed?.({ account: account.id, region, method });
  }

  scope(account: string, region?: string, signal?: AbortSignal): AwsScope {
    const record = this.accounts.get(account);
    const r = region ?? record.defaultRegion;
    return { account: record, region: r, client: this.clients.client(record, r), signal };
  }

  /** An account's credentials and default region, for other AWS clients (S3 backup destinations). */
  credentials(account: string): { account: AwsAccount; provider: CredentialsProvider } {
    const record = this.accounts.get(account);
    return {
      account: record,
      provider: credentialsFor(record, {
        vault: this.deps.vault,
        ...(this.deps.askMfaCode ? { askMfaCode: this.deps.askMfaCode } : {}),
      }),
    };
  }

  /** The context an action runs in: scope, door (for the audit record), key store. */
  context(params: { account: string; region?: string | undefined }, door: string): ActionContext {
    const scope = this.scope(params.account, params.region);
    return {
      ...scope,
      door,
      keysDir: join(this.deps.dataDir, 'keys'),
      now: () => this.deps.clock.now(),
      audit: (record) => this.deps.audit.append(record),
      changed: (action) => this.announce(scope.account, scope.region, action),
    };
  }

  regions(account: string): Promise<Ec2Region[]> {
    return listRegions(this.scope(account));
  }

  /**
   * One region: its rows (a failure throws). All regions: rows of every region merged, listed a
   * few at a time; a failing region lands in `failedRegions` and the others still answer.
   */
  list<T>(params: ListScope, lister: (scope: AwsScope) => Promise<T[]>): Promise<Ec2Listing<T>> {
    return this.calls.run(params.requestId, async (signal) => {
      if (!params.allRegions) {
        const rows = await lister(this.scope(params.account, params.region, signal));
        return { rows, failedRegions: [] };
      }
      const regions = await listRegions(this.scope(params.account, undefined, signal));
      return acrossRegions(
        regions.map((r) => r.name),
        this.deps.regionConcurrency ?? 4,
        (region) => lister(this.scope(params.account, region, signal)),
        signal,
      );
    });
  }

  /** Abort a listing started with this `requestId`; false when none is running. */
  cancel(requestId: string): boolean {
    return this.calls.cancel(requestId);
  }

  zones = (p: ListScope) => this.list(p, listZones);
  instances = (p: ListScope & { instanceIds?: string[] | undefined }) =>
    this.list(p, (s) => listInstances(s, p.instanceIds));
  images = (p: ListScope & ImageFilter) => this.list(p, (s) => listImages(s, p));
  keyPairs = (p: ListScope) => this.list(p, (s) => listKeyPairs(s));
  securityGroups = (p: ListScope) => this.list(p, (s) => listSecurityGroups(s));
  volumes = (p: ListScope) => this.list(p, (s) => listVolumes(s));
  snapshots = (p: ListScope & { owners?: string[] | undefined }) =>
    this.list(p, (s) => listSnapshots(s, p.owners ? { owners: p.owners } : {}));
  addresses = (p: ListScope) => this.list(p, (s) => listAddresses(s));

  /** Can the account reach EC2 with its credentials? (DescribeRegions.) */
  async test(account: string, region?: string) {
    const started = Date.now();
    try {
      const regions = await listRegions(this.scope(account, region));
      return { ok: true, latencyMs: Date.now() - started, regions: regions.length };
    } catch (err) {
      return { ok: false, latencyMs: Date.now() - started, regions: 0, error: toErrorShape(err) };
    }
  }

  destroy(): void {
    this.calls.abortAll();
    this.clients.destroyAll();
  }
}
