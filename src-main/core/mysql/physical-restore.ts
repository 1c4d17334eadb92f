import type { Host } from '../../contract';
import { shellQuote as shq } from '../common/shell';
import type { HotBackupTool } from './dialects/dialect';
import type { BaseContext } from '../workflows/engine/definition';
import { rootWrite } from '../workflows/as-root';
import { profileValue, waitForServer } from '../workflows/replication-setup/io';

const LONG = 6 * 3600_000;

export interface SwapInput {
  host: Host;
  /** Folder holding the prepared backup. */
  staging: string;
  datadir: string;
  /** Where the data dir's previous content is kept. */
  aside: string;
  tool: HotBackupTool;
  /** What the data dir holds afterwards, for the run's journal ("db1's backup"). */
  holds: string;
  /** What `aside` is, for the run's list of files left on hosts. */
  asideWhat: string;
  /** Forget pooled MySQL connections of the restarted server. */
  closeMysql(hostId: string): void;
}

type SwapContext = Pick<
  BaseContext<unknown>,
  'ssh' | 'mysql' | 'signal' | 'dryRun' | 'changed' | 'leftFile'
>;

/** The profile's stop and start commands; throws before anything runs when one is missing. */
export function serviceCommands(host: Host): { stop: string; start: string } {
  return {
    stop: profileValue(host, 'mysqlServiceStop', 'stop MySQL for the copy'),
    start: profileValue(host, 'mysqlServiceStart', 'start MySQL'),
  };
}

/**
 * Put a prepared physical backup in place of a server's data: stop the server (profile command),
 * move the data dir's content aside once (on a resume the half-copied content is cleared
 * instead), copy the backup back, give the files to the data dir's owner, start the server and
 * wait for it. The server is down only for the copy. Each change goes to the run's journal and
 * the aside folder to its files left on hosts. Root commands go through sudo for a login that is
 * not root. Used by the hot-backup replica seed and by
 * backup restores.
 */
export async function swapInDataDir(ctx: SwapContext, s: SwapInput): Promise<void> {
  const { stop, start } = serviceCommands(s.host);
  const [d, a] = [shq(s.datadir), shq(s.aside)];
  await rootWrite(ctx, s.host, stop, {
    purpose: `stop MySQL on ${s.host.name}`,
    timeoutMs: 180_000,
  });
  s.closeMysql(s.host.id);
  ctx.changed(`MySQL on ${s.host.name} was stopped`);
  // Keep the old data aside once; on a resume, the half-copied data in the data dir is cleared instead.
  await rootWrite(
    ctx,
    s.host,
    `if [ -d ${a} ]; then find ${d} -mindepth 1 -maxdepth 1 -exec rm -rf {} +; else mkdir -p ${a} && find ${d} -mindepth 1 -maxdepth 1 -exec mv -t ${a} {} +; fi`,
    { purpose: `move ${s.host.name}'s old data aside`, timeoutMs: LONG },
  );
  ctx.changed(`${s.host.name}'s previous data directory content is in ${s.aside}`);
  ctx.leftFile(s.host, s.aside, s.asideWhat);
  await rootWrite(ctx, s.host, s.tool.copyBack(s.staging, s.datadir), {
    purpose: 'copy the backup into the data directory',
    timeoutMs: LONG,
  });
  await rootWrite(ctx, s.host, `chown -R "$(stat -c %u:%g ${d})" ${d}`, {
    purpose: 'give the data files to the MySQL user',
  });
  ctx.changed(`${s.host.name}'s data directory now holds ${s.holds}`);
  await rootWrite(ctx, s.host, start, {
    purpose: `start MySQL on ${s.host.name}`,
    timeoutMs: 300_000,
  });
  s.closeMysql(s.host.id);
  if (!ctx.dryRun) await waitForServer(ctx, s.host);
  ctx.changed(`MySQL on ${s.host.name} runs on the copied data`);
}
