import { z } from 'zod';
import { defineMethod } from '../define';
import {
  AwsAccount,
  AwsAccountInput,
  AwsProfile,
  Ec2ActionResult,
  Ec2Address,
  Ec2Image,
  Ec2IngressRule,
  Ec2Instance,
  Ec2KeyPair,
  Ec2Region,
  Ec2ReplaceCidrResult,
  Ec2SecurityGroup,
  Ec2Snapshot,
  Ec2Volume,
  Ec2Zone,
  ec2Listing,
} from '../ec2';
import { ErrorShapeSchema } from '../error-schema';
import { ec2LaunchMethods } from './ec2-launch-methods';
import { account, instanceId, resourceId, scope } from './ec2-shapes';

const volumeId = resourceId('vol');
const snapshotId = resourceId('snap');
const allocationId = resourceId('eipalloc');
const groupId = resourceId('sg');
const keyName = z.string().trim().min(1).max(255).describe('key pair name');
/** The resource's id or Name tag, typed by the user: required for terminate and delete. */
const confirm = z
  .string()
  .trim()
  .max(255)
  .optional()
  .describe('typed confirmation: the id or Name tag');

/** One region, or every region of the account merged (each row has a `region` column). */
const listScope = {
  ...scope,
  allRegions: z.boolean().default(false).describe('every region of the account, merged'),
};
/** An id of the caller's choosing: `ec2.cancel` with it aborts the listing (it fails CANCELLED). */
const requestId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'A request id is letters, digits and . _ : -');

const listing = <S extends z.ZodRawShape, R extends z.ZodType>(summary: string, extra: S, row: R) =>
  defineMethod({
    summary,
    params: z.object({ ...listScope, requestId: requestId.optional(), ...extra }).strict(),
    result: ec2Listing(row),
    events: [],
    mutates: false,
  });

const action = <S extends z.ZodRawShape, R extends z.ZodType>(
  summary: string,
  shape: S,
  result: R,
) =>
  defineMethod({
    summary,
    params: z.object({ ...scope, ...shape }).strict(),
    result,
    events: ['ec2.changed', 'audit.appended'],
    mutates: true,
  });

const results = z.object({ results: z.array(Ec2ActionResult) });

/** EC2: accounts, regions, the resource tables and the actions on them. */
export const ec2Methods = {
  'ec2.profiles': defineMethod({
    summary: 'Named profiles found in ~/.aws/config and ~/.aws/credentials',
    params: z.object({}).strict(),
    result: z.array(AwsProfile),
    events: [],
    mutates: false,
  }),
  'ec2.accounts.list': defineMethod({
    summary: 'AWS accounts known to Opsdeck',
    params: z.object({}).strict(),
    result: z.array(AwsAccount),
    events: [],
    mutates: false,
  }),
  'ec2.accounts.add': defineMethod({
    summary: 'Add an AWS account (default chain, named profile, or access key kept in the vault)',
    params: AwsAccountInput,
    result: AwsAccount,
    events: ['ec2.changed'],
    mutates: true,
  }),
  'ec2.accounts.remove': defineMethod({
    summary: 'Forget an AWS account (and its secret key in the vault)',
    params: z.object({ account }).strict(),
    result: z.object({ removed: z.string() }),
    events: ['ec2.changed'],
    mutates: true,
  }),
  'ec2.accounts.test': defineMethod({
    summary: 'Check that an account can reach EC2 with its credentials',
    params: z.object({ ...scope }).strict(),
    result: z.object({
      ok: z.boolean(),
      latencyMs: z.number(),
      regions: z.number().int(),
      error: ErrorShapeSchema.optional(),
    }),
    events: [],
    mutates: false,
  }),
  'ec2.regions': defineMethod({
    summary: 'Regions the account can use',
    params: z.object({ account }).strict(),
    result: z.array(Ec2Region),
    events: [],
    mutates: false,
  }),
  'ec2.zones': listing('Availability zones and their state', {}, Ec2Zone),
  'ec2.instances': listing(
    'Instances (instanceIds: only these, in one region)',
    { instanceIds: z.array(instanceId).min(1).max(1000).optional() },
    Ec2Instance,
  ),
  'ec2.images': listing(
    'AMIs, filtered by owner (default: self), name and architecture',
    {
      owners: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
      name: z.string().trim().max(128).optional(),
      architecture: z.enum(['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac']).optional(),
      /** Only launchable (available) images, newest first: the first row is the one to pick. */
      available: z.boolean().optional(),
    },
    Ec2Image,
  ),
  'ec2.keyPairs': listing('Key pairs', {}, Ec2KeyPair),
  'ec2.securityGroups': listing('Security groups with their rules', {}, Ec2SecurityGroup),
  'ec2.volumes': listing('EBS volumes', {}, Ec2Volume),
  'ec2.snapshots': listing(
    'EBS snapshots (default: owned by this account)',
    { owners: z.array(z.string().trim().min(1).max(64)).max(10).optional() },
    Ec2Snapshot,
  ),
  'ec2.addresses': listing('Elastic IP addresses', {}, Ec2Address),
  'ec2.cancel': defineMethod({
    summary:
      'Cancel a running listing by the requestId it was called with (it then fails CANCELLED)',
    params: z.object({ requestId }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    events: [],
    mutates: false,
  }),

  'ec2.instances.start': action(
    'Start stopped instances',
    { instanceIds: z.array(instanceId).min(1).max(1000) },
    results,
  ),
  'ec2.instances.stop': action(
    'Stop running instances',
    { instanceIds: z.array(instanceId).min(1).max(1000), force: z.boolean().default(false) },
    results,
  ),
  'ec2.instances.reboot': action(
    'Reboot instances',
    { instanceIds: z.array(instanceId).min(1).max(1000) },
    results,
  ),
  'ec2.instances.terminate': action(
    'Terminate instances: confirm with the id or Name tag (for several: their count)',
    { instanceIds: z.array(instanceId).min(1).max(1000), confirm },
    results,
  ),
  // Launching: the wizard, `opsdeck ec2 launch` and the restore-test workflow's door side.
  ...ec2LaunchMethods,
  'ec2.instances.consoleOutput': defineMethod({
    summary: 'The console output of an instance',
    params: z.object({ ...scope, instanceId, latest: z.boolean().default(false) }).strict(),
    result: z.object({ instanceId: z.string(), timestamp: z.string(), output: z.string() }),
    events: [],
    mutates: false,
  }),
  'ec2.tags.update': action(
    'Set and remove tags on resources',
    {
      resourceIds: z.array(z.string().trim().min(3).max(64)).min(1).max(1000),
      set: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
      remove: z.array(z.string().min(1).max(128)).max(50).default([]),
    },
    results,
  ),

  'ec2.keyPairs.create': action(
    'Create a key pair; the private key is saved (0600) in Opsdeck’s key store',
    { keyName, keyType: z.enum(['rsa', 'ed25519']).default('rsa') },
    z.object({
      keyName: z.string(),
      keyPairId: z.string(),
      fingerprint: z.string(),
      /** Where the private key was written: offer it as the SSH key of hosts using this pair. */
      keyPath: z.string(),
    }),
  ),
  'ec2.keyPairs.import': action(
    'Import a public key (OpenSSH format) as a key pair',
    { keyName, publicKey: z.string().trim().min(16).max(16384) },
    z.object({ keyName: z.string(), keyPairId: z.string(), fingerprint: z.string() }),
  ),
  'ec2.keyPairs.delete': action(
    'Delete a key pair: confirm with its name',
    { keyName, confirm },
    results,
  ),

  'ec2.securityGroups.authorizeIngress': action(
    'Add ingress rules to a security group',
    { groupId, rules: z.array(Ec2IngressRule).min(1).max(100) },
    results,
  ),
  'ec2.securityGroups.revokeIngress': action(
    'Remove ingress rules from a security group',
    { groupId, rules: z.array(Ec2IngressRule).min(1).max(100) },
    results,
  ),
  'ec2.securityGroups.replaceCidr': defineMethod({
    summary:
      'Replace a CIDR in every ingress rule of every group that has it; plan first, then confirm with the old CIDR',
    params: z
      .object({
        ...listScope,
        from: z.string().trim().min(3).max(64),
        to: z.string().trim().min(3).max(64),
        /** Only report what would change. */
        plan: z.boolean().default(false),
        confirm,
      })
      .strict(),
    result: Ec2ReplaceCidrResult,
    events: ['ec2.changed', 'audit.appended'],
    mutates: true,
  }),

  'ec2.volumes.create': action(
    'Create an EBS volume in an availability zone (optionally from a snapshot)',
    {
      availabilityZone: z.string().trim().min(3).max(64),
      sizeGiB: z.number().int().min(1).max(65536).optional(),
      volumeType: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']).default('gp3'),
      iops: z.number().int().min(100).max(256000).optional(),
      snapshotId: snapshotId.optional(),
      encrypted: z.boolean().optional(),
      name: z.string().trim().max(256).optional(),
    },
    Ec2Volume,
  ),
  'ec2.volumes.attach': action(
    'Attach a volume to an instance as a device (same availability zone)',
    {
      volumeId,
      instanceId,
      device: z
        .string()
        .trim()
        .regex(/^(\/dev\/)?(sd[a-z][0-9]*|xvd[a-z]+|nvme\d+n\d+)$/, 'A device looks like /dev/sdf'),
    },
    results,
  ),
  'ec2.volumes.detach': action(
    'Detach a volume',
    { volumeId, instanceId: instanceId.optional(), force: z.boolean().default(false) },
    results,
  ),
  'ec2.volumes.delete': action(
    'Delete a volume: confirm with its id or Name tag',
    { volumeId, confirm },
    results,
  ),
  'ec2.snapshots.create': action(
    'Snapshot a volume',
    {
      volumeId,
      description: z.string().max(255).default(''),
      name: z.string().trim().max(256).optional(),
    },
    Ec2Snapshot,
  ),
  'ec2.snapshots.delete': action(
    'Delete a snapshot: confirm with its id or Name tag',
    { snapshotId, confirm },
    results,
  ),

  'ec2.addresses.allocate': action(
    'Allocate an elastic IP',
    { name: z.string().trim().max(256).optional() },
    Ec2Address,
  ),
  'ec2.addresses.associate': action(
    'Associate an elastic IP with an instance',
    { allocationId, instanceId, allowReassociation: z.boolean().default(false) },
    results,
  ),
  'ec2.addresses.move': action(
    'Move an elastic IP to another instance in one step',
    { allocationId, instanceId },
    results,
  ),
  'ec2.addresses.disassociate': action('Disassociate an elastic IP', { allocationId }, results),
  'ec2.addresses.release': action(
    'Release an elastic IP: confirm with its public IP, allocation id or Name tag',
    { allocationId, confirm },
    results,
  ),
} as const;
