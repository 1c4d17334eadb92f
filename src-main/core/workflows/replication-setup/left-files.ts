import type { Host } from '../../../contract';
import type { Ctx } from './io';

/**
 * Files and folders a run leaves on the hosts (config backup copies, the replica's previous data,
 * a hot backup's staging folder until the seed removes it), in the run's `output.leftFiles`: the
 * user reads exactly what is left where, and cleanup touches those paths and nothing else.
 */
export interface LeftFile {
  host: string;
  path: string;
  what: string;
}

export const leftFilesOf = (output: Record<string, unknown>): LeftFile[] =>
  (output.leftFiles as LeftFile[] | undefined) ?? [];

export function noteLeftFile(ctx: Ctx, host: Host, path: string, what: string) {
  if (ctx.dryRun) return;
  const list = leftFilesOf(ctx.output).filter((f) => !(f.host === host.name && f.path === path));
  ctx.output.leftFiles = [...list, { host: host.name, path, what }];
}

export function forgetLeftFile(ctx: Ctx, host: Host, path: string) {
  if (ctx.dryRun) return;
  ctx.output.leftFiles = leftFilesOf(ctx.output).filter(
    (f) => !(f.host === host.name && f.path === path),
  );
}
