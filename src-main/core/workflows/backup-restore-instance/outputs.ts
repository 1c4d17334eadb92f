import { z } from 'zod';
import type { BackupRestoreNewInstanceParams } from '../../../contract';
import { outputOf, type StepContext } from '../engine/definition';

export type P = BackupRestoreNewInstanceParams;
export type Ctx = StepContext<P>;

/** The instance launched for the test ('' while planning). */
export const LAUNCH = outputOf(
  'launch',
  z.object({
    instanceId: z.string(),
    region: z.string(),
    /** Saved before RunInstances goes out: no id with `sent` means its answer was lost. */
    sent: z.boolean().optional(),
  }),
);

/** The instance as an inventory host, once sshd answered. */
export const READY = outputOf(
  'ready',
  z.object({
    hostId: z.string(),
    hostName: z.string(),
    address: z.string(),
    /** The host was made for this run (and goes with the instance). */
    created: z.boolean(),
  }),
);

/** The `backup-restore` child run that restored and verified. */
export const RESTORE = outputOf(
  'restore',
  z.object({ runId: z.string(), status: z.string(), verdict: z.string() }),
);

/** The tag that ties an instance to the run that launched it (finds it again on resume). */
export const RUN_TAG = 'opsdeck:restore-run';

/** Account and region of the launch, as `ctx.aws` takes them. */
export const target = (p: { launch: { account: string; region?: string | undefined } }) => ({
  account: p.launch.account,
  region: p.launch.region,
});
