import { z } from 'zod';
import { secret } from './secret';
import { ErrorShapeSchema } from './error-schema';

/**
 * EC2 inventory shapes (ElasticFox-class): accounts, regions, zones and one row type per
 * resource table. Every row carries its `region` so an all-regions listing can be merged.
 */

const accountName = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'Use letters, digits, dot, dash, @ or underscore');
export const AwsRegionName = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9-]+$/, 'A region looks like us-east-1');
const endpointUrl = z
  .string()
  .trim()
  .max(512)
  .regex(
    /^https?:\/\/[^\s]+$/,
    'An endpoint is an http(s) URL; {region} is replaced by the region',
  );

/** How an account gets its credentials. */
export const AwsAuthKind = z.enum(['default-chain', 'profile', 'access-key']);
export type AwsAuthKind = z.infer<typeof AwsAuthKind>;

export const AwsAccountInput = z
  .object({
    name: accountName,
    auth: AwsAuthKind.default('default-chain'),
    /** Named profile from ~/.aws/config or ~/.aws/credentials (SSO and assume-role included). */
    profile: z.string().trim().min(1).max(128).optional(),
    accessKeyId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{16,128}$/, 'An access key id is upper-case letters and digits')
      .optional(),
    /** Write-only: goes to the vault; the account keeps only the reference. */
    secretAccessKey: secret(z.string().min(1).max(256)).optional(),
    /** EC2-compatible endpoint (private cloud, emulator). `{region}` is replaced per region. */
    endpoint: endpointUrl.optional(),
    defaultRegion: AwsRegionName.default('us-east-1'),
  })
  .strict();
export type AwsAccountInput = z.input<typeof AwsAccountInput>;

export const AwsAccount = z.object({
  id: z.string(),
  name: z.string(),
  auth: AwsAuthKind,
  profile: z.string().optional(),
  accessKeyId: z.string().optional(),
  /** Vault reference of the secret access key (never the key). */
  secretRef: z.string().optional(),
  endpoint: z.string().optional(),
  defaultRegion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AwsAccount = z.infer<typeof AwsAccount>;

export const AwsProfile = z.object({
  name: z.string(),
  /** sso, assume-role, process, static keys — what the profile section declares. */
  kind: z.enum(['sso', 'assume-role', 'process', 'keys', 'web-identity', 'other']),
  region: z.string().optional(),
  source: z.array(z.enum(['config', 'credentials'])),
});
export type AwsProfile = z.infer<typeof AwsProfile>;

export const Ec2Region = z.object({
  name: z.string(),
  endpoint: z.string(),
  optInStatus: z.string(),
});
export type Ec2Region = z.infer<typeof Ec2Region>;

export const Ec2Zone = z.object({
  region: z.string(),
  name: z.string(),
  zoneId: z.string(),
  state: z.string(),
  zoneType: z.string(),
  messages: z.array(z.string()),
});
export type Ec2Zone = z.infer<typeof Ec2Zone>;

const tags = z.record(z.string(), z.string());

/** An instance's state: EC2's InstanceStateName, nothing else. */
export const Ec2InstanceState = z.enum([
  'pending',
  'running',
  'shutting-down',
  'terminated',
  'stopping',
  'stopped',
]);
export type Ec2InstanceState = z.infer<typeof Ec2InstanceState>;

export const Ec2Instance = z.object({
  region: z.string(),
  instanceId: z.string(),
  /** The Name tag ('' when untagged). */
  name: z.string(),
  state: Ec2InstanceState,
  instanceType: z.string(),
  availabilityZone: z.string(),
  publicDns: z.string(),
  privateDns: z.string(),
  publicIp: z.string(),
  privateIp: z.string(),
  keyName: z.string(),
  securityGroups: z.array(z.object({ id: z.string(), name: z.string() })),
  imageId: z.string(),
  launchTime: z.string(),
  platform: z.string(),
  vpcId: z.string(),
  subnetId: z.string(),
  tags,
});
export type Ec2Instance = z.infer<typeof Ec2Instance>;

export const Ec2Image = z.object({
  region: z.string(),
  imageId: z.string(),
  name: z.string(),
  description: z.string(),
  ownerId: z.string(),
  ownerAlias: z.string(),
  architecture: z.string(),
  state: z.string(),
  public: z.boolean(),
  creationDate: z.string(),
  rootDeviceType: z.string(),
  virtualizationType: z.string(),
  platform: z.string(),
  tags,
});
export type Ec2Image = z.infer<typeof Ec2Image>;

export const Ec2KeyPair = z.object({
  region: z.string(),
  keyName: z.string(),
  keyPairId: z.string(),
  fingerprint: z.string(),
  keyType: z.string(),
  createdAt: z.string(),
  tags,
});
export type Ec2KeyPair = z.infer<typeof Ec2KeyPair>;

/** One ingress or egress rule, flattened to one source (CIDR, IPv6 CIDR, group or prefix list). */
export const Ec2Rule = z.object({
  protocol: z.string(),
  fromPort: z.number().int().optional(),
  toPort: z.number().int().optional(),
  sourceKind: z.enum(['cidr', 'cidr6', 'group', 'prefix-list']),
  source: z.string(),
  description: z.string(),
});
export type Ec2Rule = z.infer<typeof Ec2Rule>;

export const Ec2SecurityGroup = z.object({
  region: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  description: z.string(),
  vpcId: z.string(),
  ownerId: z.string(),
  ingress: z.array(Ec2Rule),
  egress: z.array(Ec2Rule),
  tags,
});
export type Ec2SecurityGroup = z.infer<typeof Ec2SecurityGroup>;

export const Ec2Volume = z.object({
  region: z.string(),
  volumeId: z.string(),
  name: z.string(),
  sizeGiB: z.number(),
  volumeType: z.string(),
  iops: z.number().optional(),
  state: z.string(),
  availabilityZone: z.string(),
  encrypted: z.boolean(),
  snapshotId: z.string(),
  createTime: z.string(),
  attachments: z.array(
    z.object({
      instanceId: z.string(),
      device: z.string(),
      state: z.string(),
      deleteOnTermination: z.boolean(),
    }),
  ),
  tags,
});
export type Ec2Volume = z.infer<typeof Ec2Volume>;

export const Ec2Snapshot = z.object({
  region: z.string(),
  snapshotId: z.string(),
  name: z.string(),
  volumeId: z.string(),
  volumeSizeGiB: z.number(),
  state: z.string(),
  /** e.g. "40%" as EC2 reports it. */
  progress: z.string(),
  startTime: z.string(),
  description: z.string(),
  ownerId: z.string(),
  encrypted: z.boolean(),
  tags,
});
export type Ec2Snapshot = z.infer<typeof Ec2Snapshot>;

export const Ec2Address = z.object({
  region: z.string(),
  publicIp: z.string(),
  allocationId: z.string(),
  associationId: z.string(),
  instanceId: z.string(),
  networkInterfaceId: z.string(),
  privateIp: z.string(),
  domain: z.string(),
  name: z.string(),
  tags,
});
export type Ec2Address = z.infer<typeof Ec2Address>;

/** A region that could not be listed in an all-regions query; the others still answer. */
export const Ec2FailedRegion = z.object({ region: z.string(), error: ErrorShapeSchema });
export type Ec2FailedRegion = z.infer<typeof Ec2FailedRegion>;

/** `{ rows, failedRegions }` for a row schema. */
export const ec2Listing = <T extends z.ZodType>(row: T) =>
  z.object({ rows: z.array(row), failedRegions: z.array(Ec2FailedRegion) });
export interface Ec2Listing<T> {
  rows: T[];
  failedRegions: Ec2FailedRegion[];
}

/** The outcome of one resource in a multi-resource action. */
export const Ec2ActionResult = z.object({
  region: z.string(),
  resourceId: z.string(),
  /** What happened, e.g. "running → stopping". */
  detail: z.string(),
});
export type Ec2ActionResult = z.infer<typeof Ec2ActionResult>;

export const Ec2IngressRule = z
  .object({
    protocol: z.union([z.enum(['tcp', 'udp', 'icmp', 'icmpv6']), z.literal('-1')]),
    fromPort: z.number().int().min(-1).max(65535).optional(),
    toPort: z.number().int().min(-1).max(65535).optional(),
    /** IPv4 or IPv6 CIDR, or a security group id (sg-…). */
    source: z
      .string()
      .trim()
      .max(64)
      .regex(
        /^(sg-[0-9a-f]+|[0-9.]+\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/,
        'A source is a CIDR (10.0.0.0/8, 2001:db8::/32) or a security group id (sg-…)',
      ),
    description: z.string().max(255).optional(),
  })
  .strict();
export type Ec2IngressRule = z.infer<typeof Ec2IngressRule>;

export const Ec2ReplaceCidrResult = z.object({
  /** True when this was only a plan: nothing changed. */
  planned: z.boolean(),
  changes: z.array(
    z.object({
      region: z.string(),
      groupId: z.string(),
      groupName: z.string(),
      protocol: z.string(),
      fromPort: z.number().int().optional(),
      toPort: z.number().int().optional(),
      outcome: z.enum(['planned', 'replaced', 'failed']),
      error: ErrorShapeSchema.optional(),
    }),
  ),
  failedRegions: z.array(Ec2FailedRegion),
});
export type Ec2ReplaceCidrResult = z.infer<typeof Ec2ReplaceCidrResult>;

export * from './ec2-launch';
