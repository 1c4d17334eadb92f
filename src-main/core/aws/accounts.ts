import { randomUUID } from 'node:crypto';
import { AwsAccountInput, OpsdeckError, type AwsAccount } from '../../contract';
import type { Clock } from '../clock';
import type { Vault } from '../secrets/vault';
import type { AwsAccountsRepo } from '../store/aws-accounts-repo';

export interface AccountServiceDeps {
  repo: AwsAccountsRepo;
  vault: Vault;
  clock: Clock;
}

/** AWS account records: the only writer of the aws_accounts table. */
export class AwsAccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  list(): AwsAccount[] {
    return this.deps.repo.all();
  }

  /** By id or (case-insensitive) name. */
  get(idOrName: string): AwsAccount {
    const account = this.deps.repo.byId(idOrName) ?? this.deps.repo.byName(idOrName);
    if (!account) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No AWS account "${idOrName}".`,
        'List accounts with `opsdeck ec2 accounts list`, or add one first.',
      );
    }
    return account;
  }

  async add(raw: AwsAccountInput): Promise<AwsAccount> {
    const input = AwsAccountInput.parse(raw);
    if (this.deps.repo.byName(input.name)) {
      throw new OpsdeckError(
        'CONFLICT',
        `An AWS account named "${input.name}" already exists.`,
        'Pick another name or remove the existing account first.',
      );
    }
    assertComplete(input);
    const now = this.deps.clock.now().toISOString();
    const secretRef =
      input.auth === 'access-key' && input.secretAccessKey
        ? await this.deps.vault.put(
            input.secretAccessKey,
            `aws secret key ${input.accessKeyId} (${input.name})`,
          )
        : undefined;
    const account: AwsAccount = {
      id: randomUUID(),
      name: input.name,
      auth: input.auth,
      ...(input.auth === 'profile' && input.profile ? { profile: input.profile } : {}),
      ...(input.auth === 'access-key' && input.accessKeyId
        ? { accessKeyId: input.accessKeyId }
        : {}),
      ...(secretRef ? { secretRef } : {}),
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
      defaultRegion: input.defaultRegion,
      createdAt: now,
      updatedAt: now,
    };
    try {
      this.deps.repo.insert(account);
    } catch (err) {
      if (secretRef) await this.deps.vault.delete(secretRef);
      throw err;
    }
    return account;
  }

  async remove(idOrName: string): Promise<AwsAccount> {
    const account = this.get(idOrName);
    this.deps.repo.remove(account.id);
    if (account.secretRef) await this.deps.vault.delete(account.secretRef);
    return account;
  }
}

function assertComplete(input: ReturnType<typeof AwsAccountInput.parse>) {
  if (input.auth === 'profile' && !input.profile) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Account ${input.name}: profile authentication needs a profile name.`,
      'Pick one of the profiles in ~/.aws/config (opsdeck ec2 profiles lists them).',
    );
  }
  if (input.auth === 'access-key' && (!input.accessKeyId || !input.secretAccessKey)) {
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Account ${input.name}: access-key authentication needs the access key id and the secret key.`,
      'Enter both; the secret key is stored in the vault, never in the store.',
    );
  }
}
