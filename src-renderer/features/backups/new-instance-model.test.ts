import { describe, expect, it } from 'vitest';
import type { WizardState } from '../ec2/launch/wizard-model';
import {
  BackupRestoreNewInstanceParams,
  type AwsAccount,
  type BackupEntry,
} from '../../../src-main/contract';
import {
  newInstanceParams,
  RESTORE_KEY_PAIR,
  reviewRows,
  testWizard,
  withAccount,
  withRestoreKey,
} from './new-instance-model';

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

  it('shares the key pair opsdeck-restore-test: created when missing, reused when it exists', () => {
    const w = testWizard(entry, [prod]);
    expect(w.key).toMatchObject({ mode: 'new', newName: RESTORE_KEY_PAIR });
    expect(withRestoreKey(w, ['deploy'])).toBe(w);
    expect(withRestoreKey(w, ['deploy', RESTORE_KEY_PAIR]).key).toMatchObject({
      mode: 'existing',
      existing: RESTORE_KEY_PAIR,
    });
    // A key pair the user chose stays theirs.
    const own = { ...w, key: { ...w.key, newName: 'mine' } };
    expect(withRestoreKey(own, [RESTORE_KEY_PAIR])).toBe(own);
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
        createKeyPair: { keyName: 'opsdeck-restore-test' },
      },
      ssh: { user: 'admin' },
      keepInstance: true,
    });
    expect(p.ssh).not.toHaveProperty('keyPath');
    expect(BackupRestoreNewInstanceParams.safeParse(p).success).toBe(true);
  });

  it('reviews what will be launched, its cost and what happens afterwards, before the start', () => {
    const w = {
      ...testWizard({ ...entry, tool: 'mariadb-dump' } as BackupEntry, [lab]),
      image: { imageId: 'ami-0abc', name: 'debian-12-amd64' } as WizardState['image'],
      instanceType: 't3.large',
    };
    const choices = { sshUser: '', keyPath: '', keep: false };
    const rows = Object.fromEntries(reviewRows(entry, w, choices));
    expect(rows).toMatchObject({
      'Account / region': 'lab / us-east-1',
      AMI: 'ami-0abc debian-12-amd64',
      Type: 't3.large',
      'Key pair': `${RESTORE_KEY_PAIR} — created now, its private key kept in Opsdeck’s key store`,
      Login: 'guessed from the AMI',
    });
    expect(rows.Cost).toMatch(/^≈ \$0\.083\/h/);
    expect(rows.Afterwards).toMatch(/^terminated, .* also when the test fails/);
    const kept = Object.fromEntries(reviewRows(entry, w, { ...choices, keep: true }));
    expect(kept.Afterwards).toMatch(/^KEPT, passed or failed — still billed/);
    expect(kept.Cost).toContain('/day while kept');
  });
});
