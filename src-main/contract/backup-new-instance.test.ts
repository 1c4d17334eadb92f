import { describe, expect, it } from 'vitest';
import { newInstanceRefusal, snapshotPlace } from './backup-new-instance';

const snap = { id: 'b-snap', kind: 'snapshot' as const, destination: 'ec2://prod/eu-west-1' };

describe('newInstanceRefusal', () => {
  it('lets a snapshot set through for an instance in its snapshots’ account and region', () => {
    expect(newInstanceRefusal(snap, { account: 'prod', region: 'eu-west-1' })).toBeUndefined();
    expect(newInstanceRefusal(snap)).toBeUndefined();
    const atDefault = { ...snap, destination: 'ec2://prod/default' };
    expect(newInstanceRefusal(atDefault, { account: 'prod' })).toBeUndefined();
  });

  it('refuses a snapshot set for another account or region, naming where its volumes can be made', () => {
    for (const launch of [
      { account: 'staging', region: 'eu-west-1' },
      { account: 'prod', region: 'us-east-1' },
    ])
      expect(newInstanceRefusal(snap, launch)).toEqual({
        code: 'INVALID_PARAMS',
        message: expect.stringContaining(
          'b-snap is an EBS snapshot set in prod/eu-west-1',
        ) as string,
        hint: expect.stringContaining('--account prod --region eu-west-1') as string,
      });
    // A region left out is the account's default: only the workflow (regions resolved) can tell.
    expect(newInstanceRefusal(snap, { account: 'prod' })).toBeUndefined();
    const atDefault = { ...snap, destination: 'ec2://prod/default' };
    expect(newInstanceRefusal(atDefault, { account: 'other' })?.message).toContain(
      'in prod (its default region)',
    );
  });

  it('lets dumps and hot backups through anywhere', () => {
    const at = { account: 'any', region: 'r' };
    expect(
      newInstanceRefusal({ id: 'b', kind: 'dump', destination: 'file:///x' }, at),
    ).toBeUndefined();
    expect(
      newInstanceRefusal({ id: 'b', kind: 'hot', destination: 's3://b/p' }, at),
    ).toBeUndefined();
  });
});

describe('snapshotPlace', () => {
  it('reads the account and region from a snapshot set’s destination', () => {
    expect(snapshotPlace(snap)).toEqual({ account: 'prod', region: 'eu-west-1' });
    expect(snapshotPlace({ kind: 'snapshot', destination: 'ec2://prod/default' })).toEqual({
      account: 'prod',
    });
    expect(snapshotPlace({ kind: 'dump', destination: 'file:///x' })).toBeUndefined();
  });
});
