import { z } from 'zod';

/**
 * Launching instances, user-data templates and taking an instance into the host inventory.
 * Shapes only; the core builds the RunInstances call, the CLI line and the host.
 */

const regionName = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9-]+$/, 'A region looks like us-east-1');
const keyName = z
  .string()
  .trim()
  .min(1, 'A key pair needs a name')
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/, 'Use letters, digits and . _ - @ + = ,');

export const Ec2VolumeType = z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']);

/** An extra EBS volume created with the instance (block device mapping). */
export const Ec2LaunchVolume = z
  .object({
    device: z
      .string()
      .trim()
      .regex(/^\/dev\/(sd[b-z]|xvd[b-z])$/, 'A data device looks like /dev/sdf'),
    sizeGiB: z.number().int().min(1).max(16384),
    volumeType: Ec2VolumeType.default('gp3'),
    iops: z.number().int().min(100).max(256000).optional(),
    encrypted: z.boolean().default(false),
    deleteOnTermination: z.boolean().default(true),
  })
  .strict();
export type Ec2LaunchVolume = z.input<typeof Ec2LaunchVolume>;

export const Ec2LaunchInput = z
  .object({
    account: z.string().trim().min(1).max(128),
    region: regionName.optional(),
    /** The Name tag; also the default name of a new key pair and the user-data hostname. */
    name: z
      .string()
      .trim()
      .min(1, 'Give the instance a Name')
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore'),
    imageId: z
      .string()
      .trim()
      .regex(/^ami-[0-9a-zA-Z]+$/, 'Pick an AMI'),
    instanceType: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'An instance type looks like t3.micro'),
    /** Availability zone; EC2 picks one when absent. */
    zone: z.string().trim().min(3).max(64).optional(),
    /** An existing key pair… */
    keyName: keyName.optional(),
    /** …or one created first (its private key is saved in Opsdeck's key store). */
    createKeyPair: z
      .object({ keyName, keyType: z.enum(['rsa', 'ed25519']).default('ed25519') })
      .strict()
      .optional(),
    securityGroupIds: z
      .array(
        z
          .string()
          .trim()
          .regex(/^sg-[0-9a-zA-Z]+$/),
      )
      .max(5)
      .default([]),
    /** Plain text (the core base64-encodes it); at most 16 KiB as EC2 allows. */
    userData: z.string().max(16384).default(''),
    /** More tags besides Name. */
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    volumes: z.array(Ec2LaunchVolume).max(11).default([]),
    count: z.number().int().min(1).max(20).default(1),
  })
  .strict()
  .refine((v) => !(v.keyName && v.createKeyPair), {
    message: 'Use an existing key pair or create one, not both',
    path: ['keyName'],
  })
  .refine((v) => new Set(v.volumes.map((x) => x.device)).size === v.volumes.length, {
    message: 'Each device can be used once',
    path: ['volumes'],
  });
export type Ec2LaunchInput = z.input<typeof Ec2LaunchInput>;

export const Ec2LaunchPreview = z.object({
  /** The equivalent AWS CLI command lines (a create-key-pair line first when one is created). */
  command: z.string(),
  /** The user data as it will be sent (after any template rendering), for the review page. */
  userData: z.string(),
  /** Things worth a second look before launching (no key pair, SSH open to the world…). */
  warnings: z.array(z.string()),
});
export type Ec2LaunchPreview = z.infer<typeof Ec2LaunchPreview>;

export const Ec2LaunchResult = Ec2LaunchPreview.extend({
  region: z.string(),
  reservationId: z.string(),
  instanceIds: z.array(z.string()),
  /**
   * Each instance's state as RunInstances answered: `pending` for a new one. A repeated client
   * token is answered with the instances it launched first, as they are now (terminated too).
   */
  states: z.record(z.string(), z.string()),
  /** The key pair created for this launch, with where its private key was saved. */
  keyPair: z.object({ keyName: z.string(), keyPath: z.string() }).optional(),
});
export type Ec2LaunchResult = z.infer<typeof Ec2LaunchResult>;

/** A variable of a user-data template: `{{name}}` in the body. */
export const UserDataVariable = z.object({
  name: z.string(),
  label: z.string(),
  default: z.string(),
  required: z.boolean(),
  /** What a valid value looks like (values go into a shell script). */
  pattern: z.string(),
  hint: z.string(),
});
export type UserDataVariable = z.infer<typeof UserDataVariable>;

export const UserDataTemplate = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  variables: z.array(UserDataVariable),
  body: z.string(),
});
export type UserDataTemplate = z.infer<typeof UserDataTemplate>;

export const UserDataRendered = z.object({
  text: z.string(),
  /** Per variable name, what is wrong with its value (missing, invalid, unknown). */
  errors: z.record(z.string(), z.string()),
  bytes: z.number().int(),
});
export type UserDataRendered = z.infer<typeof UserDataRendered>;

/** How Opsdeck would SSH to an instance: chosen by the core, editable by the user. */
export const Ec2SshTarget = z.object({
  instanceId: z.string(),
  region: z.string(),
  hostName: z.string(),
  /** Candidate addresses, best first. */
  addresses: z.array(z.object({ kind: z.string(), address: z.string(), note: z.string() })),
  address: z.string(),
  user: z.string(),
  /** Why this login user (e.g. "Ubuntu AMI"). */
  userReason: z.string(),
  keyName: z.string(),
  /** The key pair's private key in Opsdeck's key store, when it is there. */
  keyPath: z.string().optional(),
  /** An inventory host already made from this instance. */
  existingHostId: z.string().optional(),
  tags: z.array(z.string()),
});
export type Ec2SshTarget = z.infer<typeof Ec2SshTarget>;

/** sshd answered on an instance: where, its banner, and how to log in. */
export const Ec2SshReady = z.object({
  instanceId: z.string(),
  address: z.string(),
  port: z.number(),
  /** The server's identification line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2`. */
  banner: z.string(),
  attempts: z.number(),
  elapsedMs: z.number(),
  user: z.string(),
  keyPath: z.string().optional(),
});
export type Ec2SshReady = z.infer<typeof Ec2SshReady>;
