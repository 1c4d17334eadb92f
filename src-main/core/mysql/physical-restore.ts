import type { Host } from '../../contract';
import type { HotBackupTool } from './dialects/dialect';
import type { StepContext } from '../workflows/engine/definition';
import { profileValue, shq, waitForServer } from '../workflows/replication-setup/io';

const LONG = 6 * 3600_000;

export interface SwapInput {
  host: Host;
  /** Folder holding the prepared backup. */
  staging: string;
  datadir: string;
  /** Where the data dir's previous content is kept. */
  aside: string;
  tool: HotBackupTool;
  /** Forget pooled MySQL connections of the restarted server. */
  closeMysql(hostId: string): void;
  /** Told each change as it is made (for error messages and the run log). */
  note?(change: string): void;
  /** Called once the old content is in `aside` (the caller records it as a file left behind). */
  movedAside?(): void;
}

/**
 * Put a prepared physical backup in place of a server's data: stop the server (profile command),
 * move the data dir's content aside once (on a resume the half-copied content is cleared
 * instead), copy the backup back, give the files to the data dir's owner, start the server and
 * wait for it. The server is down only for the copy. Used by the hot-backup replica seed and by
 * backup restores.
 */
export async function swapInDataDir(
  ctx: Pick<StepContext<unknown>, 'ssh' | 'mysql' | 'signal' | 'dryRun'>,
  s: SwapInput,
): Promise<void> {
  const stop = profileValue(s.host, 'mysqlServiceStop', 'stop MySQL for the copy');
  const start = profileValue(s.host, 'mysqlServiceStart', 'start MySQL');
  const [d, a] = [shq(s.datadir), shq(s.aside)];
  await ctx.ssh.write(s.host, stop, {
    purpose: `stop MySQL on ${s.host.name}`,
    timeoutMs: 180_000,
  });
  s.closeMysql(s.host.id);
  s.note?.('MySQL was stopped');
  await ctx.ssh.write(
    s.host,
    `if [ -d ${a} ]; then find ${d} -mindepth 1 -maxdepth 1 -exec rm -rf {} +; else mkdir -p ${a} && find ${d} -mindepth 1 -maxdepth 1 -exec mv -t ${a} {} +; fi`,
    { purpose: `move ${s.host.name}'s old data aside`, timeoutMs: LONG },
  );
  s.movedAside?.();
  s.note?.(`its previous data directory content is in ${s.aside}`);
  await ctx.ssh.write(s.host, s.tool.copyBack(s.staging, s.datadir), {
    purpose: 'copy the backup into the data directory',
    timeoutMs: LONG,
  });
  await ctx.ssh.write(s.host, `chown -R "$(stat -c %u:%g ${d})" ${d}`, {
    purpose: 'give the data files to the MySQL user',
  });
  await ctx.ssh.write(s.host, start, {
    purpose: `start MySQL on ${s.host.name}`,
    timeoutMs: 300_000,
  });
  s.closeMysql(s.host.id);
  if (!ctx.dryRun) await waitForServer(ctx, s.host);
}
