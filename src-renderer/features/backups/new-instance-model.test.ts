import { describe, expect, it } from 'vitest';
import {
  BackupRestoreNewInstanceParams,
  type AwsAccount,
  type BackupEntry,
} from '../../../src-main/contract';
import { newInstanceParams, testWizard, withAccount } from './new-instance-model';

const entry = { id: '20261207T0630-db1-dump', hostName: 'db1', kind: 'dump' } as BackupEntry;
const prod = { name: 'prod', defaultRegion: 'eu-west-1' } as AwsAccount;
const lab = { name: 'lab', defaultRegion: 'us-east-1' } as AwsAccount;

describe('restore test on a new instance (the dialog’s model)', () => {
  it('starts from the launch wizard’s state: named after the backup, a new key pair, no user data', () => {
    const w = testWizard(entry, [prod, lab]);
    expect(w).toMatchObject({
      account: 'prod',
      region: 'eu-west-1',
      name: 'restore-20261207T0630-db1-dump',
    });
    expect(w.key.mode).toBe('new');
    expect(w.userData.templateId).toBe('');
  });

  it('takes the first account while none is picked (accounts may arrive after the dialog opened)', () => {
    const w = testWizard(entry, []);
    expect(w.account).toBe('');
    expect(withAccount(w, [lab, prod])).toMatchObject({ account: 'lab', region: 'us-east-1' });
    expect(withAccount({ ...w, account: 'prod', region: 'eu-west-1' }, [lab])).toMatchObject({
      account: 'prod',
    });
  });

  it('builds params the core accepts: one instance, the login choices, keep', () => {
    const w = testWizard(entry, [prod]);
    const image = {
      imageId: 'ami-0abc',
      name: 'debian-12',
      description: '',
      architecture: 'x86_64',
      ownerId: '1',
      ownerAlias: '',
    };
    const p = newInstanceParams(
      { ...entry },
      { ...w, image, count: '3' },
      { sshUser: ' admin ', keyPath: '', keep: true },
    );
    expect(p).toMatchObject({
      backupId: entry.id,
      launch: {
        account: 'prod',
        imageId: 'ami-0abc',
        count: 1,
        createKeyPair: { keyName: w.name },
      },
      ssh: { user: 'admin' },
      keepInstance: true,
    });
    expect(p.ssh).not.toHaveProperty('keyPath');
    expect(BackupRestoreNewInstanceParams.safeParse(p).success).toBe(true);
  });
});
