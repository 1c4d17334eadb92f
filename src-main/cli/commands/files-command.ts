import type { Command } from 'commander';
import { basename } from 'node:path';
import { OpsdeckError } from '../../contract/errors';
import { formatBytes } from '../../contract/format';
import type { FileListing, TransferProgress } from '../../contract/index';
import type { CliContext } from '../cli-context';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { followStream } from '../stream-follow';

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
        await follow(ctx, async () => {
          const started = await ctx.call('files.download', {
            hostId: host,
            remotePath,
            localPath: localPath ?? basename(remotePath),
          });
          return started.transferId;
        });
      }),
    );

  files
    .command('put <host> <localPath> <remotePath>')
    .description(
      'Upload a file (atomic on the server; a replaced file is kept as a timestamped backup)',
    )
    .action((host: string, localPath: string, remotePath: string) =>
      run(async (ctx) => {
        await follow(ctx, async () => {
          const started = await ctx.call('files.upload', { hostId: host, localPath, remotePath });
          return started.transferId;
        });
      }),
    );
}

async function follow(ctx: CliContext, start: () => Promise<string>): Promise<void> {
  const { out } = ctx;
  const tty = process.stderr.isTTY && !out.json;
  const last: { progress?: TransferProgress } = {};
  try {
    await followStream(ctx, {
      topic: 'transfer.progress',
      idOf: (p) => p.transferId,
      start,
      isEnd: (p) => p.state !== 'running',
      cancel: (id) => void ctx.call('transfers.cancel', { transferId: id }).catch(() => undefined),
      onEvent: (p) => {
        if (p.state !== 'running') last.progress = p;
        if (!tty || p.state !== 'running' || !p.total) return;
        const pct = Math.floor((p.transferred / p.total) * 100);
        process.stderr.write(
          `\r${p.direction} ${p.remotePath}: ${pct}% of ${formatBytes(p.total)}   `,
        );
      },
    });
  } finally {
    if (tty) process.stderr.write('\n');
  }
  const done = last.progress;
  if (!done) return;
  if (done.error) throw new OpsdeckError(done.error.code, done.error.message, done.error.hint);
  out.result(
    done,
    () =>
      `${done.direction === 'download' ? `${done.remotePath} → ${done.localPath}` : `${done.localPath} → ${done.hostName}:${done.remotePath}`}` +
      ` (${formatBytes(done.total)})${done.backupPath ? `; previous version kept as ${done.backupPath}` : ''}`,
  );
}

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
