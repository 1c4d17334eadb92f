import { describe, expect, it } from 'vitest';
import { Ec2LaunchInput } from '../../../../src-main/contract';
import {
  addVolume,
  firstIncomplete,
  initialWizard,
  stepErrors,
  toLaunchParams,
  type WizardState,
} from './wizard-model';

const ready = (over: Partial<WizardState> = {}): WizardState => ({
  ...initialWizard({ account: 'prod', region: 'eu-west-1', imageId: 'ami-0abc' }),
  name: 'mysite-db01',
  ...over,
});

describe('launch wizard model', () => {
  it('starts at the AMI step unless an AMI was given', () => {
    expect(initialWizard({ account: 'a', region: 'r' }).step).toBe('ami');
    expect(ready().step).toBe('instance');
  });

  it('creates a key pair named after the instance by default', () => {
    const p = toLaunchParams(ready());
    expect(p.createKeyPair).toEqual({ keyName: 'mysite-db01', keyType: 'ed25519' });
    expect(p.keyName).toBeUndefined();
    const renamed = toLaunchParams(
      ready({ key: { mode: 'new', newName: 'shared', existing: '', keyType: 'rsa' } }),
    );
    expect(renamed.createKeyPair).toEqual({ keyName: 'shared', keyType: 'rsa' });
    const existing = toLaunchParams(
      ready({ key: { mode: 'existing', existing: 'deploy', newName: '', keyType: 'ed25519' } }),
    );
    expect(existing).toMatchObject({ keyName: 'deploy' });
    expect(existing.createKeyPair).toBeUndefined();
  });

  it('produces params the contract accepts, volumes only when made at launch', () => {
    const s = ready({
      zone: 'eu-west-1a',
      groupIds: ['sg-1'],
      volumes: [
        { device: '/dev/sdf', sizeGiB: '100', volumeType: 'gp3', deleteOnTermination: false },
      ],
      tags: [
        { key: 'Env', value: 'prod' },
        { key: '', value: '' },
      ],
      userData: {
        templateId: 'hostname',
        values: {},
        body: null,
        rendered: '#!/bin/bash\n',
        errors: {},
      },
    });
    const p = toLaunchParams(s);
    expect(Ec2LaunchInput.safeParse(p).success).toBe(true);
    expect(p).toMatchObject({
      zone: 'eu-west-1a',
      tags: { Env: 'prod' },
      userData: '#!/bin/bash\n',
      volumes: [{ device: '/dev/sdf', sizeGiB: 100, deleteOnTermination: false }],
    });
    expect(toLaunchParams({ ...s, volumesWhen: 'workflow' }).volumes).toEqual([]);
    expect(toLaunchParams({ ...s, userData: { ...s.userData, templateId: '' } }).userData).toBe('');
  });

  it('names what is missing, step by step', () => {
    const blank = initialWizard({ account: 'prod', region: 'all' });
    expect(stepErrors(blank, 'ami')).toEqual({ region: 'Pick one region', image: 'Pick an AMI' });
    expect(stepErrors(ready({ name: 'my site' }), 'instance').name).toMatch(/Letters/);
    expect(stepErrors(ready({ instanceType: 'big' }), 'instance').instanceType).toBeDefined();
    expect(
      stepErrors(
        ready({ key: { mode: 'existing', existing: '', newName: '', keyType: 'rsa' } }),
        'access',
      ).key,
    ).toBe('Pick a key pair');
    expect(firstIncomplete(ready())).toBeNull();
    expect(firstIncomplete(ready({ name: '' }))).toBe('instance');
  });

  it('adds volumes at the next free device and refuses duplicates', () => {
    let s = ready();
    s = { ...s, volumes: addVolume(s) };
    s = { ...s, volumes: addVolume(s) };
    expect(s.volumes.map((v) => v.device)).toEqual(['/dev/sdf', '/dev/sdg']);
    const dup = { ...s, volumes: s.volumes.map((v) => ({ ...v, device: '/dev/sdf' })) };
    expect(stepErrors(dup, 'storage').volume1).toMatch(/twice/);
    expect(stepErrors(ready({ tags: [{ key: 'Name', value: 'x' }] }), 'storage').tag0).toMatch(
      /Instance step/,
    );
  });

  it('reports user-data template errors on its step', () => {
    const s = ready({
      userData: {
        templateId: 'puppet',
        values: {},
        body: null,
        rendered: '',
        errors: { packages: 'bad' },
      },
    });
    expect(stepErrors(s, 'userdata')).toEqual({ userData: 'bad' });
  });
});
