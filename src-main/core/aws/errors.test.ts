import {
  AttachVolumeCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  EC2ServiceException,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { OpsdeckError, type AwsAccount } from '../../contract';
import type { NewAuditRecord } from '../store/audit-repo';
import type { ActionContext } from './actions/action-context';
import { terminateInstances } from './actions/instances';
import { createSnapshot, deleteSnapshot } from './actions/snapshots';
import { attachVolume, createVolume, deleteVolume } from './actions/volumes';
import { mapAwsError, unknownIdsOf } from './errors';
import { acrossRegions } from './multi-region';
import { failure } from '../../../testing/aws/failure';
import { listInstances } from './resources/instances';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const ec2 = mockClient(EC2Client);
afterAll(() => ec2.restore());

const account: AwsAccount = {
  id: 'acc-1',
  name: 'prod',
  auth: 'profile',
  profile: 'prod-sso',
  defaultRegion: 'us-east-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const sdkError = (name: string, message: string, status = 400, attempts?: number) =>
  new EC2ServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, ...(attempts ? { attempts } : {}) },
  });

let audit: NewAuditRecord[];
function context(region = 'us-east-1'): ActionContext {
  return {
    account,
    region,
    // Never used for real traffic: the mock answers every send.
    client: new EC2Client({
      region,
      credentials: { accessKeyId: 'AKIAMOCK', secretAccessKey: 'x' },
    }),
    door: 'web',
    keysDir: '/nonexistent',
    now: () => new Date('2026-01-01T00:00:00Z'),
    audit: (record) => audit.push(record),
  };
}

const instance = (id: string, name: string, zone = 'us-east-1a') => ({
  InstanceId: id,
  State: { Name: 'running' as const, Code: 16 },
  Placement: { AvailabilityZone: zone },
  Tags: [{ Key: 'Name', Value: name }],
});

beforeEach(() => {
  ec2.reset();
  audit = [];
});

describe('EC2 errors become clear OpsdeckErrors (aws-sdk-client-mock)', () => {
  it('UnauthorizedOperation names the permission, account, region and resource, and is audited', async () => {
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [instance('i-0abc', 'web-1')] }],
    });
    ec2
      .on(TerminateInstancesCommand)
      .rejects(
        sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403),
      );
    const err = await failure(terminateInstances(context(), ['i-0abc'], 'web-1'));
    expect(err.code).toBe('AWS_UNAUTHORIZED');
    expect(err.message).toBe(
      'Account prod is not allowed to call ec2:TerminateInstances in us-east-1 on i-0abc (web-1).',
    );
    expect(err.hint).toContain('allow ec2:TerminateInstances');
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'ec2.instances.terminate',
        target: 'aws:prod/us-east-1',
        door: 'web',
        outcome: 'failed',
        detail: expect.stringContaining('AWS_UNAUTHORIZED'),
      }),
    ]);
  });

  it('throttling that outlasts the retries is AWS_THROTTLED with the attempt count', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(sdkError('RequestLimitExceeded', 'Request limit exceeded.', 503, 6));
    const err = await failure(listInstances(context('eu-west-1')));
    expect(err.code).toBe('AWS_THROTTLED');
    expect(err.message).toBe(
      'EC2 throttled DescribeInstances in prod/eu-west-1 (gave up after 6 attempts).',
    );
    expect(err.hint).toMatch(/Wait a minute and retry/);
  });

  it('a zone mismatch on attach explains that volume and instance must share a zone', async () => {
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [{ VolumeId: 'vol-1', AvailabilityZone: 'us-east-1a', State: 'available' }],
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [instance('i-1', 'db-1', 'us-east-1a')] }],
    });
    ec2
      .on(AttachVolumeCommand)
      .rejects(
        sdkError(
          'InvalidVolume.ZoneMismatch',
          "The volume 'vol-1' is not in the same availability zone as instance 'i-1'",
        ),
      );
    const err = await failure(attachVolume(context(), 'vol-1', 'i-1', '/dev/sdf'));
    expect(err.code).toBe('AWS_INVALID_ZONE');
    expect(err.message).toContain('AttachVolume vol-1 to i-1 (db-1) as /dev/sdf in prod/us-east-1');
    expect(err.hint).toMatch(/same availability zone/);
  });

  it('an unknown zone on create points at the zone list', async () => {
    ec2
      .on(CreateVolumeCommand)
      .rejects(sdkError('InvalidZone.NotFound', "The zone 'us-east-1q' does not exist."));
    const err = await failure(
      createVolume(context(), { availabilityZone: 'us-east-1q', sizeGiB: 10, volumeType: 'gp3' }),
    );
    expect(err.code).toBe('AWS_INVALID_ZONE');
    expect(err.message).toContain('us-east-1q');
    expect(err.hint).toMatch(/opsdeck ec2 zones/);
  });

  it('dependency violations say which dependency to remove first', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolves({ Volumes: [{ VolumeId: 'vol-2', Size: 5, State: 'in-use' }] });
    ec2
      .on(DeleteVolumeCommand)
      .rejects(sdkError('VolumeInUse', 'Volume vol-2 is currently attached to i-9'));
    const inUse = await failure(deleteVolume(context(), 'vol-2', 'vol-2'));
    expect(inUse.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(inUse.hint).toMatch(/detach it first/);

    ec2
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [{ SnapshotId: 'snap-1', VolumeId: 'vol-2' }] });
    ec2
      .on(DeleteSnapshotCommand)
      .rejects(
        sdkError('InvalidSnapshot.InUse', 'The snapshot snap-1 is currently in use by ami-1'),
      );
    const snap = await failure(deleteSnapshot(context(), 'snap-1', 'snap-1'));
    expect(snap.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(snap.hint).toMatch(/deregister that AMI/);

    const generic = mapAwsError(
      sdkError('DependencyViolation', 'resource sg-1 has a dependent object'),
      {
        account,
        region: 'us-east-1',
        operation: 'DeleteSecurityGroup',
        resource: 'sg-1',
      },
    );
    expect(generic.code).toBe('AWS_DEPENDENCY_VIOLATION');
    expect(generic.message).toBe(
      'DeleteSecurityGroup sg-1 in prod/us-east-1 is blocked by a dependency: resource sg-1 has a dependent object',
    );
    expect(generic.hint).toMatch(/remove or detach that dependency first/);
  });

  it('missing credentials for an SSO profile say to log in', () => {
    const err = mapAwsError(
      Object.assign(
        new Error(
          'The SSO session token associated with profile=prod-sso was not found or is invalid.',
        ),
        {
          name: 'CredentialsProviderError',
        },
      ),
      { account, region: 'us-east-1', operation: 'DescribeInstances' },
    );
    expect(err.code).toBe('AWS_CREDENTIALS_MISSING');
    expect(err.message).toContain('account prod');
    expect(err.hint).toBe(
      'The SSO session of profile "prod-sso" is missing or expired: run `aws sso login --profile prod-sso` and retry.',
    );
  });

  it('rejected or expired credentials are AWS_UNAUTHORIZED with a credentials hint', () => {
    const ctx = { account, region: 'us-east-1', operation: 'DescribeRegions' };
    const rejected = mapAwsError(
      sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
      ctx,
    );
    expect(rejected.code).toBe('AWS_UNAUTHORIZED');
    expect(rejected.hint).toContain('aws sso login --profile prod-sso');
    const expired = mapAwsError(sdkError('RequestExpired', 'Request has expired.'), ctx);
    expect(expired.hint).toMatch(/expired/);
  });

  it('an unreachable endpoint is AWS_ENDPOINT_UNREACHABLE', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }),
      );
    const err = await failure(listInstances(context()));
    expect(err.code).toBe('AWS_ENDPOINT_UNREACHABLE');
    expect(err.message).toBe(
      'Cannot reach the EC2 endpoint of us-east-1 for account prod (ECONNREFUSED).',
    );
  });

  it('not found, duplicates, bad state, limits and unknown errors each get their code', () => {
    const ctx = { account, region: 'us-east-1', operation: 'X', resource: 'r-1' };
    const code = (name: string, status = 400) =>
      mapAwsError(sdkError(name, 'msg', status), ctx).code;
    expect(code('InvalidInstanceID.NotFound')).toBe('AWS_NOT_FOUND');
    expect(code('InvalidKeyPair.Duplicate')).toBe('CONFLICT');
    expect(code('IncorrectInstanceState')).toBe('AWS_INCORRECT_STATE');
    expect(code('AddressLimitExceeded')).toBe('AWS_LIMIT_EXCEEDED');
    expect(code('InvalidParameterValue')).toBe('INVALID_PARAMS');
    expect(code('OptInRequired', 403)).toBe('AWS_UNAUTHORIZED');
    const unknown = mapAwsError(sdkError('InternalError', 'boom', 500), ctx);
    expect(unknown.code).toBe('AWS_REQUEST_FAILED');
    expect(unknown.message).toBe('X r-1 in prod/us-east-1 failed: InternalError: boom');
    expect(unknown.hint).toMatch(/retry/);
  });

  it('every action is audited, ok or failed', async () => {
    ec2.on(CreateVolumeCommand).resolves({ VolumeId: 'vol-9', Size: 1, State: 'creating' });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    await createVolume(context(), {
      availabilityZone: 'us-east-1a',
      sizeGiB: 1,
      volumeType: 'gp3',
    });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'ec2.volumes.create', outcome: 'ok' }),
    ]);
    ec2
      .on(CreateSnapshotCommand)
      .rejects(sdkError('InvalidVolume.NotFound', "The volume 'vol-x' does not exist."));
    const missing = await failure(createSnapshot(context(), 'vol-x', ''));
    expect(missing.code).toBe('AWS_NOT_FOUND');
    expect(missing.message).toBe(
      "CreateSnapshot vol-x in prod/us-east-1: The volume 'vol-x' does not exist.",
    );
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'failed']);
  });

  it('an all-regions listing keeps the regions that answered', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'ap-south-1') throw sdkError('RequestLimitExceeded', 'slow down', 503, 6);
      return { Reservations: [{ Instances: [instance(`i-${region}`, region)] }] };
    });
    const result = await acrossRegions(['us-east-1', 'ap-south-1', 'eu-west-1'], 2, (region) =>
      listInstances(context(region)),
    );
    expect(result.rows.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
    expect(result.failedRegions).toEqual([
      { region: 'ap-south-1', error: expect.objectContaining({ code: 'AWS_THROTTLED' }) },
    ]);
  });
});

describe('unknownIdsOf: the ids EC2 says it does not know', () => {
  it("reads EC2's own message (the cause), not the mapped one that names every id asked", () => {
    const ec2 = Object.assign(
      new Error("The instance IDs 'i-0000000000000aaa1, i-0000000000000bbb2' do not exist"),
      { name: 'InvalidInstanceID.NotFound' },
    );
    const mapped = new OpsdeckError(
      'AWS_NOT_FOUND',
      `DescribeInstances i-0000000000000ccc3, i-0000000000000aaa1, i-0000000000000bbb2 in a/r: ${ec2.message}`,
      'x',
      { cause: ec2 },
    );
    expect(unknownIdsOf(mapped)).toEqual(['i-0000000000000aaa1', 'i-0000000000000bbb2']);
    expect(unknownIdsOf(mapped, ['i-0000000000000bbb2', 'i-0000000000000ccc3'])).toEqual([
      'i-0000000000000bbb2',
    ]);
    expect(unknownIdsOf(new Error('no ids here'))).toEqual([]);
  });
});
