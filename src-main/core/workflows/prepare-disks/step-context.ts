import type { DiskLayout, Host } from '../../../contract';
import { stamp } from '../../stamp';
import { z } from 'zod';
import { outputOf, type StepContext } from '../engine/definition';
import { blkidProbe, parseBlkid } from './disk-commands';
import { filesystemDevice } from './layout';
import { rootRead } from './remote';

/** What the disk steps work on: one host, its devices, one layout. */
export interface DiskJob {
  host: Host;
  layout: DiskLayout;
  /**
   * The devices as named (a /dev path, by-id link, …), or `pending` labels while planning
   * before they exist (EBS volumes not attached yet): then device checks wait for the run.
   */
  devices: string[];
  pending: boolean;
}

/** What the disk steps pass on (typed, kept with the run for resumes). */
export const DISK_PREFLIGHT = outputOf(
  'disk-preflight',
  z.object({ devices: z.array(z.string()) }),
);
/** fstab and mount say whether they changed anything: only then is the remount proof run. */
export const DISK_FSTAB = outputOf('disk-fstab', z.object({ changed: z.boolean() }));
export const DISK_MOUNT = outputOf('disk-mount', z.object({ changed: z.boolean() }));

export type AnyCtx = StepContext<unknown>;
export type JobOf = (ctx: AnyCtx) => DiskJob;

/** Devices resolved by the preflight (real paths), else as the job names them. */
export function devicesOf(ctx: AnyCtx, j: DiskJob): string[] {
  return ctx.find(DISK_PREFLIGHT)?.devices ?? j.devices;
}

/** The filesystem's device path for commands, and its state now. */
export async function filesystemState(ctx: AnyCtx, j: DiskJob) {
  const path = filesystemDevice(j.layout, devicesOf(ctx, j));
  const r = await rootRead(ctx, j.host, blkidProbe(path), { okCodes: [0, 2] });
  return { path, ...parseBlkid(r.stdout) };
}

export const placeholder = (what: string) => `<${what}>`;

/** `<file>.opsdeck-<YYYYmmdd-HHMMSS>.bak`, the backup convention of the file editor. */
export const backupOf = (path: string) => `${path}.opsdeck-${stamp(new Date())}.bak`;
