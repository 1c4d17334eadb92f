import type { Command } from 'commander';
import { basename } from 'node:path';
import { OpsdeckError, type FileListing, type TransferProgress } from '../../contract';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';

/** `opsdeck files ls|get|put`: listings and SFTP transfers with progress on stderr (Ctrl-C cancels). */
export function registerFiles(program: Command, run: RunCommand): void {
  const files = program
    .command('files')
    .description('List, copy files to and from hosts over SFTP');

  files
    .command('ls <host> [remotePath]')
    .description('List a remote directory (default: the login user’s home), directories first')
    .option('-n, --limit <n>', 'at most this many entries (default 10000)', Number)
    .action((host: string, remotePath: string | undefined, opts: { limit?: number }) =>
      run(async (ctx) => {
        const listing = await ctx.call('files.list', {
          hostId: host,
          path: remotePath ?? '.',
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        ctx.out.result(listing, () => renderListing(listing));
      }),
    );

  files
    .command('get <host> <remotePath> [localPath]')
    .description('Download a file (written to <local>.opsdeck-part, renamed when complete)')
    .action((host: string, remotePath: string, localPath?: string) =>
      run(async (ctx) => {
        const { transferId } = await ctx.call('files.download', {
          hostId: host,
          remotePath,
          localPath: localPath ?? basename(remotePath),
        });
        await follow(ctx, transferId);
      }),
    );

  files
    .command('put <host> <localPath> <remotePath>')
    .description(
      'Upload a file (atomic on the server; a replaced file is kept as a timestamped backup)',
    )
    .action((host: string, localPath: string, remotePath: string) =>
      run(async (ctx) => {
        const { transferId } = await ctx.call('files.upload', {
          hostId: host,
          localPath,
          remotePath,
        });
        await follow(ctx, transferId);
      }),
    );
}

async function follow(ctx: CliContext, transferId: string): Promise<void> {
  const { services, out } = ctx;
  const tty = process.stderr.isTTY && !out.json;
  const stop = ctx.on('transfer.progress', (p) => {
    if (!tty) return;
    if (p.transferId !== transferId || p.state !== 'running' || !p.total) return;
    const pct = Math.floor((p.transferred / p.total) * 100);
    process.stderr.write(`\r${p.direction} ${p.remotePath}: ${pct}% of ${mib(p.total)}   `);
  });
  const cancel = () => services.core.transfers.cancel(transferId);
  process.once('SIGINT', cancel);
  let final: TransferProgress;
  try {
    final = await services.core.transfers.wait(transferId);
  } finally {
    process.off('SIGINT', cancel);
    stop();
    if (tty) process.stderr.write('\n');
  }
  if (final.error) throw new OpsdeckError(final.error.code, final.error.message, final.error.hint);
  out.result(
    final,
    () =>
      `${final.direction === 'download' ? `${final.remotePath} → ${final.localPath}` : `${final.localPath} → ${final.hostName}:${final.remotePath}`}` +
      ` (${mib(final.total)})${final.backupPath ? `; previous version kept as ${final.backupPath}` : ''}`,
  );
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** `ls -l` for humans: permissions, owner, group, size, local mtime, name (→ link target). */
export function renderListing(listing: FileListing): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = (ms: number) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const rows = listing.entries.map((e) => [
    e.permissions,
    e.owner ?? String(e.uid),
    e.group ?? String(e.gid),
    String(e.size),
    when(e.mtimeMs),
    `${e.name}${e.type === 'dir' ? '/' : ''}${e.target !== undefined ? ` -> ${e.target}` : ''}`,
  ]);
  const more = listing.truncated ? `\n(first ${rows.length} entries; raise --limit for more)` : '';
  return `${listing.path}:\n${formatTable(['MODE', 'OWNER', 'GROUP', 'SIZE', 'MODIFIED', 'NAME'], rows)}${more}`;
}
