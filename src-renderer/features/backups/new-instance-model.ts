/** The restore-test-on-a-new-instance dialog's model, pure (tested beside). */
import {
  newInstanceRefusal,
  snapshotPlace,
  type AwsAccount,
  type BackupEntry,
  type BackupRestoreNewInstanceParamsIn,
  type ErrorShape,
} from '../../../src-main/contract';
import { costHint } from '../ec2/launch/cost-hint';
import {
  initialWizard,
  newKeyName,
  toLaunchParams,
  type WizardState,
} from '../ec2/launch/wizard-model';

/** The restore test's own choices besides the launch: how to log in, and whether to keep it. */
export interface TestChoices {
  sshUser: string;
  keyPath: string;
  keep: boolean;
}

/** The key pair restore-test instances share, as the CLI's (`backup restore --onto new-instance`). */
export const RESTORE_KEY_PAIR = 'opsdeck-restore-test';

/**
 * The launch wizard's state for a restore-test instance: the first account in its default
 * region, named after the backup, the shared key pair opsdeck-restore-test (created when missing,
 * its private key saved in the key store so Opsdeck can log in; see withRestoreKey), no user data
 * template.
 */
export function testWizard(e: BackupEntry, accounts: readonly AwsAccount[]): WizardState {
  const start = withAccount(initialWizard({ account: '', region: '' }), accounts, e);
  const w = initialWizard({ account: start.account, region: start.region });
  const name = `restore-${e.id}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  return {
    ...w,
    name,
    key: { ...w.key, mode: 'new', newName: RESTORE_KEY_PAIR },
    userData: { ...w.userData, templateId: '' },
  };
}

/**
 * Once the region's key pairs are known: the shared key pair is used when it exists already (a
 * second test must not fail CONFLICT creating it again), unless the user picked another.
 */
export function withRestoreKey(w: WizardState, keyNames: readonly string[]): WizardState {
  const wantsShared = w.key.mode === 'new' && w.key.newName.trim() === RESTORE_KEY_PAIR;
  return wantsShared && keyNames.includes(RESTORE_KEY_PAIR)
    ? { ...w, key: { ...w.key, mode: 'existing', existing: RESTORE_KEY_PAIR } }
    : w;
}

/**
 * The wizard with an account while none is picked: for a snapshot set its snapshots' account and
 * region (its volumes can only be made there), else the first account in its default region.
 */
export function withAccount(
  w: WizardState,
  accounts: readonly AwsAccount[],
  e?: Pick<BackupEntry, 'kind' | 'destination'>,
): WizardState {
  if (w.account) return w;
  const place = e ? snapshotPlace(e) : undefined;
  const own = place && accounts.find((a) => a.name === place.account);
  if (own) return { ...w, account: own.name, region: place.region ?? own.defaultRegion };
  const first = accounts[0];
  return !first ? w : { ...w, account: first.name, region: first.defaultRegion };
}

/**
 * A snapshot set refused for the account and region picked (the workflow's own words), or
 * undefined. The account's default region counts as the snapshots' when they were taken there.
 */
export function placeRefusal(
  e: Pick<BackupEntry, 'id' | 'kind' | 'destination'>,
  w: Pick<WizardState, 'account' | 'region'>,
  accounts: readonly AwsAccount[],
): ErrorShape | undefined {
  const place = snapshotPlace(e);
  if (!place || !w.account) return undefined;
  const account = accounts.find((a) => a.name === w.account);
  const atDefault = !place.region && account?.defaultRegion === w.region;
  return newInstanceRefusal(e, { account: w.account, region: atDefault ? undefined : w.region });
}

/** `backup-restore-new-instance`'s params: the wizard's launch input (one instance) and the choices. */
export const newInstanceParams = (
  e: BackupEntry,
  w: WizardState,
  c: TestChoices,
): BackupRestoreNewInstanceParamsIn => ({
  backupId: e.id,
  launch: { ...toLaunchParams(w), count: 1 },
  ssh: {
    ...(c.sshUser.trim() ? { user: c.sshUser.trim() } : {}),
    ...(c.keyPath.trim() ? { keyPath: c.keyPath.trim() } : {}),
  },
  keepInstance: c.keep,
});

/**
 * The review part: what will be launched and what happens to it, one row each — read before
 * "Launch and test", as the launch wizard's own review page.
 */
export function reviewRows(e: BackupEntry, w: WizardState, c: TestChoices): [string, string][] {
  const key =
    w.key.mode === 'new'
      ? `${newKeyName(w)} — created now, its private key kept in Opsdeck’s key store`
      : w.key.mode === 'existing'
        ? `${w.key.existing} (exists)`
        : 'none: SSH works only if the AMI or user data installs a key';
  const userData = w.userData.rendered
    ? `${new TextEncoder().encode(w.userData.rendered).length} bytes, kept in the vault until the run succeeds (a failed or rolled-back run keeps it to resume)`
    : 'none (the AMI must bring MySQL or MariaDB)';
  return [
    ['Backup', `${e.id} — ${e.kind} of ${e.hostName} (${e.tool})`],
    ['Account / region', `${w.account} / ${w.region}`],
    ['Name', w.name],
    ['AMI', `${w.image?.imageId ?? '—'} ${w.image?.name ?? ''}`.trim()],
    ['Type', w.instanceType],
    ['Cost', costHint(w.instanceType, c.keep)],
    ['Zone', w.zone || 'any (EC2 chooses)'],
    ['Key pair', key],
    ['Security groups', w.groupIds.join(', ') || 'the VPC’s default group'],
    ['User data', userData],
    [
      'Login',
      `${c.sshUser.trim() || 'guessed from the AMI'}${c.keyPath.trim() ? ` with ${c.keyPath.trim()}` : ''}`,
    ],
    [
      'Afterwards',
      c.keep
        ? 'KEPT, passed or failed — still billed until you terminate it'
        : 'terminated, and its host removed — also when the test fails or is cancelled',
    ],
  ];
}
