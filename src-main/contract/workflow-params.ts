import { z } from 'zod';
import { BlockDevicePath, DiskLayout, EbsDataDevice, layoutProblem } from './disk-layout';
import { Ec2VolumeType } from './ec2-launch';
import { ReplicationSetupParams } from './mysql';

/**
 * Every workflow's parameters, by workflow id: the one place they are declared. The core's
 * definitions take their schema from here, `workflows.plan/start` accept a discriminated union
 * over the id, and the renderer's wizards and the CLI build these types. A new workflow adds
 * its schema to `workflowParams` and one line to `WorkflowRequest`.
 */

const hostRef = z.string().trim().min(1).max(128);

/** collect-facts: read-only facts of one host. */
export const CollectFactsParams = z.object({ hostId: hostRef }).strict();
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

/** Workflow id → params schema. */
export const workflowParams = {
  'collect-facts': CollectFactsParams,
  'mysql-replication-setup': ReplicationSetupParams,
  'provision-volumes': ProvisionVolumesParams,
  'prepare-disks': PrepareDisksParams,
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

const request = <W extends WorkflowId>(workflow: W) =>
  z.object({ workflow: z.literal(workflow), params: workflowParams[workflow] }).strict();

/** `{ workflow, params }`, the params checked against that workflow's schema. */
export const WorkflowRequest = z.discriminatedUnion(
  'workflow',
  [
    request('collect-facts'),
    request('mysql-replication-setup'),
    request('provision-volumes'),
    request('prepare-disks'),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `Known workflows: ${WORKFLOW_IDS.join(', ')}.` : undefined,
  },
);
export type WorkflowRequest = z.output<typeof WorkflowRequest>;
export type WorkflowRequestIn = z.input<typeof WorkflowRequest>;

