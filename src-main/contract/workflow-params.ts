import { z } from 'zod';
import { BlockDevicePath, DiskLayout, EbsDataDevice, layoutProblem } from './disk-layout';
import { Ec2LaunchInput, Ec2VolumeType } from './ec2-launch';
import { ReplicationSetupParams } from './mysql';
import { BackupKind, DestinationUrl, Retention } from './backups';
import { FailoverParams, RejoinParams, SwitchoverParams } from './failover';

/**
 * Every workflow's parameters, by workflow id: the one place they are declared. The core's
 * definitions take their schema from here, `workflows.plan/start` accept a discriminated union
 * over the id, and the renderer's wizards and the CLI build these types. A new workflow adds
 * its schema to `workflowParams` and one line to `WorkflowRequest`.
 */

const hostRef = z.string().trim().min(1).max(128);

/** collect-facts: read-only facts of one host or many (one child per host). */
export const CollectFactsParams = z
  .object({
    /** Inventory hosts, by id or name. */
    hostIds: z
      .array(hostRef)
      .min(1, 'Name at least one host')
      .max(1000)
      .refine((l) => new Set(l).size === l.length, { message: 'Each host once' }),
    /** Hosts read at once. */
    parallel: z.number().int().min(1).max(32).default(8),
  })
  .strict();
export type CollectFactsParams = z.output<typeof CollectFactsParams>;

/** prepare-disks on its own: the host and its devices, plus the layout. */
export const PrepareDisksParams = DiskLayout.extend({
  hostId: hostRef,
  devices: z
    .array(BlockDevicePath)
    .min(1)
    .max(16)
    .refine((list) => new Set(list).size === list.length, {
      message: 'Each device can be used once',
    }),
})
  .strict()
  .superRefine((p, ctx) => {
    const problem = layoutProblem(p, p.devices.length);
    if (problem) ctx.addIssue({ code: 'custom', path: ['devices'], message: problem });
  });
export type PrepareDisksParams = z.output<typeof PrepareDisksParams>;

/** One EBS volume provision-volumes creates and attaches. */
export const ProvisionVolumeSpec = z
  .object({
    device: EbsDataDevice,
    sizeGiB: z.number().int().min(1).max(16384).optional(),
    volumeType: Ec2VolumeType.default('gp3'),
    iops: z.number().int().min(100).max(256000).optional(),
    snapshotId: z
      .string()
      .regex(/^snap-[0-9a-f]+$/)
      .optional(),
    name: z.string().trim().max(128).optional(),
  })
  .strict()
  .refine((v) => v.sizeGiB !== undefined || v.snapshotId !== undefined, {
    message: 'Give a size, or a snapshot to restore',
  });
export type ProvisionVolumeSpecInput = z.input<typeof ProvisionVolumeSpec>;

/** provision-volumes' SSH half: the layout, and the host to SSH to. */
export const ProvisionDisk = DiskLayout.extend({
  /** Inventory host to SSH to; default: the host made from the instance (tag ec2:<id>). */
  hostId: hostRef.optional(),
}).strict();
export type ProvisionDiskInput = z.input<typeof ProvisionDisk>;

export const ProvisionVolumesParams = z
  .object({
    account: z.string().trim().min(1),
    region: z.string().trim().min(1).optional(),
    instanceId: z.string().regex(/^i-[0-9a-f]+$/, 'An instance id looks like i-0123abcd'),
    volumes: z
      .array(ProvisionVolumeSpec)
      .min(1)
      .max(11)
      .refine((list) => new Set(list.map((v) => v.device)).size === list.length, {
        message: 'Each device can be used once',
      }),
    /** The SSH half; without it only the volumes are created and attached. */
    disk: ProvisionDisk.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const problem = p.disk && layoutProblem(p.disk, p.volumes.length);
    if (problem) ctx.addIssue({ code: 'custom', path: ['disk'], message: problem });
  });
export type ProvisionVolumesParams = z.output<typeof ProvisionVolumesParams>;
export type ProvisionVolumesParamsIn = z.input<typeof ProvisionVolumesParams>;

/** config-push: one file's content (a baseline) written to many hosts, each validated first. */
export const ConfigPushParams = z
  .object({
    /** The file on the target hosts. */
    path: z.string().trim().min(1).max(4096).regex(/^\//, 'Use an absolute path'),
    /** Where the content comes from: a host's copy of the file, or a local template. */
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('host'), hostId: hostRef }).strict(),
      z.object({ kind: z.literal('template'), path: z.string().trim().min(1).max(4096) }).strict(),
    ]),
    targets: z
      .array(hostRef)
      .min(1, 'Name at least one host')
      .max(1000)
      .refine((l) => new Set(l).size === l.length, { message: 'Each host once' }),
    /** Hosts written at once (the first failure stops the rest and rolls back). */
    parallel: z.number().int().min(1).max(32).default(4),
    /** Run each host's validation on the new file before it replaces the old one. */
    validate: z.boolean().default(true),
    /** Run each host's reload command after the write (where its profile has one). */
    reload: z.boolean().default(true),
  })
  .strict();
export type ConfigPushParams = z.output<typeof ConfigPushParams>;
/** `backup-run`: take one backup of a host's MySQL and store it. */
export const BackupRunParams = z
  .object({
    host: hostRef,
    kind: BackupKind.default('dump'),
    /** Where to store it (not used by snapshot sets, which live in EC2). */
    to: DestinationUrl.optional(),
    /** dump: databases (default: every user database). */
    databases: z.array(z.string().min(1).max(64)).max(500).optional(),
    /** dump: use mydumper (parallel) when the host has it; 0 threads = mariadb-dump. */
    parallel: z.number().int().min(0).max(64).default(4),
    compression: z.enum(['auto', 'zstd', 'gzip', 'none']).default('auto'),
    /** Longest wait for the read lock (FLUSH TABLES WITH READ LOCK) before giving up. */
    lockTimeoutSec: z.number().min(0.5).max(300).default(10),
    /** Snapshot sets: the AWS account and instance (default: from the host's ec2:/aws: tags). */
    account: z.string().max(128).optional(),
    instanceId: z
      .string()
      .regex(/^i-[0-9a-f]+$/)
      .optional(),
    region: z.string().max(32).optional(),
    /** Longest time the filesystem may stay frozen; it is thawed then whatever happens. */
    freezeMaxSec: z.number().min(1).max(60).default(10),
    retention: Retention.optional(),
    scheduleId: z.string().max(64).optional(),
    /**
     * Hot backups: the host that unpacks and prepares the stored backup to verify it (default:
     * the backup host of an ssh:// destination). The source itself only when named here.
     */
    verifyOn: hostRef.optional(),
  })
  .strict();
export type BackupRunParams = z.infer<typeof BackupRunParams>;
export type BackupRunParamsIn = z.input<typeof BackupRunParams>;

/**
 * `backup-verify`: re-read the stored file, check its checksum and that it decompresses and
 * parses; a hot backup is unpacked and prepared on `on` (default: the backup host of an ssh://
 * destination; the backup's source only when named here).
 */
export const BackupVerifyParams = z
  .object({ backupId: z.string().min(1).max(64), on: hostRef.optional() })
  .strict();
export type BackupVerifyParams = z.infer<typeof BackupVerifyParams>;

/** `backup-restore`: restore onto a (scratch) host, verify, optionally replay binlogs (PITR). */
export const BackupRestoreParams = z
  .object({
    backupId: z.string().min(1).max(64),
    onto: hostRef,
    /** Point-in-time: replay the source's binlogs from the backup's coordinates up to here. */
    until: z
      .union([
        z.object({
          gtid: z
            .string()
            .regex(/^[0-9]+-[0-9]+-[0-9]+(,[0-9]+-[0-9]+-[0-9]+)*$|^[0-9a-f-]{36}:[0-9-]+$/i),
        }),
        z.object({ time: z.string().regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d$/) }),
      ])
      .optional(),
    /** The target's databases this restore replaces, each typed by the user (as the replication wizard asks). */
    overwrite: z.array(z.string().min(1).max(64)).max(500).default([]),
    /** Record the result as the backup's restore test (compare rows/checksums; CRITICAL if it fails). */
    test: z.boolean().default(true),
    /** Snapshot sets: the instance to attach the volumes to, and its zone. */
    instanceId: z
      .string()
      .regex(/^i-[0-9a-f]+$/)
      .optional(),
    zone: z.string().max(32).optional(),
    /**
     * Set by `backup-restore-new-instance` (its run id): the restore serves a scratch instance, so
     * a snapshot set's volumes are tagged `opsdeck:scratch-run=<run>` and attached with
     * DeleteOnTermination — they go when the instance is terminated.
     */
    scratchRun: z.string().min(1).max(64).optional(),
  })
  .strict();
export type BackupRestoreParams = z.infer<typeof BackupRestoreParams>;
export type BackupRestoreParamsIn = z.input<typeof BackupRestoreParams>;

/**
 * `backup-restore-new-instance`: a restore test on a scratch EC2 instance launched for it (the
 * launch wizard's own input), waited for until sshd answers, added to the inventory, restored
 * onto and verified (a `backup-restore` child run), then terminated — unless kept.
 */
export const BackupRestoreNewInstanceParams = z
  .object({
    backupId: z.string().min(1).max(64),
    /** What to launch, exactly as `ec2.instances.launch` takes it (one instance). */
    launch: Ec2LaunchInput,
    /** How Opsdeck logs in once sshd answers (default: the login user guessed from the AMI, the key pair's key). */
    ssh: z
      .object({
        user: z
          .string()
          .trim()
          .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'A login user such as admin or ec2-user')
          .optional(),
        keyPath: z.string().trim().min(1).max(4096).optional(),
        port: z.number().int().min(1).max(65535).default(22),
        /** The limit of each wait — running, sshd, MySQL answering (user data may still install it) — not their sum. */
        timeoutSec: z.number().int().min(30).max(7200).default(1200),
      })
      .strict()
      .default({ port: 22, timeoutSec: 1200 }),
    /** Keep the instance (and its host) after the test, passed or failed: it stays billed. */
    keepInstance: z.boolean().default(false),
    /**
     * The launch's user data, moved into the vault by the core when the run starts (a run row
     * never holds it; `launch.userData` is then empty): its vault reference.
     */
    userDataRef: z
      .string()
      .regex(/^vault:[0-9a-f-]{36}$/, 'A vault reference')
      .optional(),
  })
  .strict()
  .refine((p) => (p.launch.count ?? 1) === 1, {
    message: 'A restore test launches one instance',
    path: ['launch', 'count'],
  })
  .refine((p) => !(p.userDataRef && p.launch.userData), {
    message: 'User data is either given or a vault reference, not both',
    path: ['userDataRef'],
  });
export type BackupRestoreNewInstanceParams = z.output<typeof BackupRestoreNewInstanceParams>;
export type BackupRestoreNewInstanceParamsIn = z.input<typeof BackupRestoreNewInstanceParams>;

/** Workflow id → params schema. */
export const workflowParams = {
  'collect-facts': CollectFactsParams,
  'mysql-replication-setup': ReplicationSetupParams,
  'provision-volumes': ProvisionVolumesParams,
  'prepare-disks': PrepareDisksParams,
  'backup-run': BackupRunParams,
  'backup-verify': BackupVerifyParams,
  'backup-restore': BackupRestoreParams,
  'backup-restore-new-instance': BackupRestoreNewInstanceParams,
  'mysql-switchover': SwitchoverParams,
  'mysql-failover': FailoverParams,
  'mysql-rejoin': RejoinParams,
  'config-push': ConfigPushParams,
} as const;

type ParamsSchemas = typeof workflowParams;
export type WorkflowId = keyof ParamsSchemas;
/** A workflow's params after parsing (defaults filled in). */
export type WorkflowParams<W extends WorkflowId> = z.output<ParamsSchemas[W]>;
/** A workflow's params as a caller writes them (defaults optional). */
export type WorkflowParamsIn<W extends WorkflowId> = z.input<ParamsSchemas[W]>;

export const WORKFLOW_IDS = Object.keys(workflowParams) as WorkflowId[];
export const WorkflowId = z.enum(WORKFLOW_IDS as [WorkflowId, ...WorkflowId[]], {
  error: () => `Known workflows: ${WORKFLOW_IDS.join(', ')}.`,
});

/** How a run behaves towards people and other runs (the caller's choice, kept for resumes). */
export const RunOptions = z
  .object({
    /** A lock another run holds: wait for it (queued, visible) or refuse with who holds it. */
    onLockHeld: z.enum(['wait', 'refuse']).default('wait'),
    /** Stop at a gate before each of these steps (by id): step through a run with care. */
    pauseBefore: z.array(z.string().min(1).max(128)).max(100).default([]),
    /** Answer the workflow's own gates with yes in advance (the CLI's --yes); logged as such. */
    approveGates: z.boolean().default(false),
  })
  .strict();
export type RunOptions = z.output<typeof RunOptions>;
export type RunOptionsIn = z.input<typeof RunOptions>;

const request = <W extends WorkflowId>(workflow: W) =>
  z.object({ workflow: z.literal(workflow), params: workflowParams[workflow] }).strict();
const startRequest = <W extends WorkflowId>(workflow: W) =>
  request(workflow).extend({ options: RunOptions.optional() }).strict();

function unknownWorkflow(issue: { code?: string }): string | undefined {
  return issue.code === 'invalid_union'
    ? `Known workflows: ${WORKFLOW_IDS.join(', ')}.`
    : undefined;
}

/** `{ workflow, params }`, the params checked against that workflow's schema. */
export const WorkflowRequest = z.discriminatedUnion(
  'workflow',
  [
    request('collect-facts'),
    request('mysql-replication-setup'),
    request('provision-volumes'),
    request('prepare-disks'),
    request('backup-run'),
    request('backup-verify'),
    request('backup-restore'),
    request('backup-restore-new-instance'),
    request('mysql-switchover'),
    request('mysql-failover'),
    request('mysql-rejoin'),
    request('config-push'),
  ],
  { error: unknownWorkflow },
);
export type WorkflowRequest = z.output<typeof WorkflowRequest>;
export type WorkflowRequestIn = z.input<typeof WorkflowRequest>;

/** A request to start a run: the workflow and its params, and how the run behaves. */
export const WorkflowStart = z.discriminatedUnion(
  'workflow',
  [
    startRequest('collect-facts'),
    startRequest('mysql-replication-setup'),
    startRequest('provision-volumes'),
    startRequest('prepare-disks'),
    startRequest('backup-run'),
    startRequest('backup-verify'),
    startRequest('backup-restore'),
    startRequest('backup-restore-new-instance'),
    startRequest('mysql-switchover'),
    startRequest('mysql-failover'),
    startRequest('mysql-rejoin'),
    startRequest('config-push'),
  ],
  { error: unknownWorkflow },
);
export type WorkflowStart = z.output<typeof WorkflowStart>;
export type WorkflowStartIn = z.input<typeof WorkflowStart>;
