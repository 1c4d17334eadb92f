/** The restore-test-on-a-new-instance dialog's model, pure (tested beside). */
import type {
  AwsAccount,
  BackupEntry,
  BackupRestoreNewInstanceParamsIn,
} from '../../../src-main/contract';
import { initialWizard, toLaunchParams, type WizardState } from '../ec2/launch/wizard-model';

/** The restore test's own choices besides the launch: how to log in, and whether to keep it. */
export interface TestChoices {
  sshUser: string;
  keyPath: string;
  keep: boolean;
}

/**
 * The launch wizard's state for a restore-test instance: the first account in its default
 * region, named after the backup, a new key pair named after it (saved in the key store, so
 * Opsdeck can log in), no user data template.
 */
export function testWizard(e: BackupEntry, accounts: readonly AwsAccount[]): WizardState {
  const a = accounts[0];
  const w = initialWizard({ account: a?.name ?? '', region: a?.defaultRegion ?? '' });
  const name = `restore-${e.id}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  return { ...w, name, userData: { ...w.userData, templateId: '' } };
}

/** The wizard with the first account (in its default region) while none is picked. */
export function withAccount(w: WizardState, accounts: readonly AwsAccount[]): WizardState {
  const first = accounts[0];
  return w.account || !first ? w : { ...w, account: first.name, region: first.defaultRegion };
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
