import { randomBytes, randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, posix, resolve as resolveLocal } from 'node:path';
import { OpsdeckError, toErrorShape, type Host, type TransferProgress } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { HostService } from '../inventory/host-service';
import type { SshPool } from '../ssh';
import type { AuditRepo } from '../store/audit-repo';
import { backupName } from './atomic-write';
import { openSftp, Sftp } from './sftp-session';

export interface TransfersDeps {
  pool: Pick<SshPool, 'acquire'>;
  hosts: Pick<HostService, 'get'>;
  bus: EventBus;
  audit: AuditRepo;
  clock: Clock;
  /** Minimum time between progress events of one transfer (default 100 ms). */
  progressEveryMs?: number;
}

interface Running {
  progress: TransferProgress;
  cancelled: boolean;
  /** Closes the SFTP channel, which makes the running fastGet/fastPut fail at once. */
  abort?: () => void;
  done: Promise<TransferProgress>;
}

/**
 * Uploads and downloads with progress and cancel. A download lands in `<local>.opsdeck-part` and
 * is renamed when complete; an upload lands in a temp file beside the target and is renamed over
 * it (after a timestamped backup of the file it replaces), so no half file is ever visible.
 */
export class Transfers {
  private readonly transfers = new Map<string, Running>();
  private readonly lastEmit = new WeakMap<Running, number>();

  constructor(private readonly deps: TransfersDeps) {}

  download(hostId: string, remotePath: string, localPath: string): { transferId: string } {
    const host = this.deps.hosts.get(hostId);
    const local = resolveLocal(localPath);
    return this.start(host, 'download', remotePath, local, async (sftp, t) => {
      const remote = await sftp.realpath(remotePath);
      const size = (await sftp.stat(remote)).size;
      this.update(t, { remotePath: remote, total: size });
      const part = `${local}.opsdeck-part`;
      try {
        await fast(sftp, 'fastGet', remote, part, (n) => this.update(t, { transferred: n }));
        await rename(part, local);
      } finally {
        await rm(part, { force: true });
      }
    });
  }

  upload(
    hostId: string,
    localPath: string,
    remotePath: string,
    door: string,
  ): { transferId: string } {
    const host = this.deps.hosts.get(hostId);
    const local = resolveLocal(localPath);
    return this.start(host, 'upload', remotePath, local, async (sftp, t) => {
      const size = (
        await stat(local).catch((err: unknown) => {
          throw new OpsdeckError(
            'NOT_FOUND',
            `Cannot read the local file ${local}: ${(err as Error).message}.`,
            'Check the path and permissions of the file to upload.',
          );
        })
      ).size;
      const target = await resolveTarget(sftp, remotePath, basename(local));
      this.update(t, { remotePath: target, total: size });
      const existing = await sftp.statIfExists(target);
      const temp = posix.join(
        posix.dirname(target),
        `.${posix.basename(target)}.opsdeck-${randomBytes(4).toString('hex')}.upload`,
      );
      let renamed = false;
      try {
        await fast(sftp, 'fastPut', local, temp, (n) => this.update(t, { transferred: n }));
        if (existing) {
          await sftp.setstat(temp, { uid: existing.uid, gid: existing.gid }).catch(() => {});
          await sftp.setstat(temp, { mode: existing.mode & 0o7777 });
          const backup = backupName(target, this.deps.clock.now());
          if (await sftp.hardlink(target, backup)) this.update(t, { backupPath: backup });
        }
        await sftp.posixRename(temp, target);
        renamed = true;
      } finally {
        if (!renamed) await sftp.unlink(temp).catch(() => {});
        this.deps.audit.append({
          at: this.deps.clock.now().toISOString(),
          door,
          target: host.name,
          action: 'sftp.upload',
          detail: `${local} → ${target} (${size} bytes)${renamed ? '' : ': not completed'}`,
          outcome: renamed ? 'ok' : 'failed',
        });
      }
    });
  }

  cancel(transferId: string): boolean {
    const t = this.transfers.get(transferId);
    if (!t || t.progress.state !== 'running') return false;
    t.cancelled = true;
    t.abort?.();
    return true;
  }

  list(): TransferProgress[] {
    return [...this.transfers.values()].map((t) => t.progress);
  }

  /** Resolves with the final progress (done, failed or cancelled). */
  wait(transferId: string): Promise<TransferProgress> {
    const t = this.transfers.get(transferId);
    if (!t) {
      return Promise.reject(
        new OpsdeckError('NOT_FOUND', `No transfer ${transferId}.`, 'See transfers.list.'),
      );
    }
    return t.done;
  }

  async stopAll(): Promise<void> {
    for (const id of this.transfers.keys()) this.cancel(id);
    await Promise.allSettled([...this.transfers.values()].map((t) => t.done));
  }

  private start(
    host: Host,
    direction: TransferProgress['direction'],
    remotePath: string,
    localPath: string,
    body: (sftp: Sftp, t: Running) => Promise<void>,
  ): { transferId: string } {
    const transferId = randomUUID();
    const t: Running = {
      progress: {
        transferId,
        hostId: host.id,
        hostName: host.name,
        direction,
        remotePath,
        localPath,
        transferred: 0,
        total: 0,
        state: 'running',
      },
      cancelled: false,
      done: undefined as unknown as Promise<TransferProgress>,
    };
    this.transfers.set(transferId, t);
    t.done = (async () => {
      const lease = await this.deps.pool.acquire(host);
      try {
        const sftp = new Sftp(await openSftp(lease.client, host), host);
        t.abort = () => sftp.end();
        try {
          if (t.cancelled) throw cancelledError();
          await body(sftp, t);
        } finally {
          sftp.end();
        }
      } finally {
        lease.release();
      }
    })().then(
      () => this.finish(t, { state: 'done', transferred: t.progress.total }),
      (err: unknown) =>
        t.cancelled
          ? this.finish(t, { state: 'cancelled', error: toErrorShape(cancelledError()) })
          : this.finish(t, { state: 'failed', error: toErrorShape(err) }),
    );
    this.emit(t);
    return { transferId };
  }

  private update(t: Running, patch: Partial<TransferProgress>): void {
    t.progress = { ...t.progress, ...patch };
    const now = performance.now();
    if (now - (this.lastEmit.get(t) ?? 0) >= (this.deps.progressEveryMs ?? 100)) this.emit(t);
  }

  private finish(t: Running, patch: Partial<TransferProgress>): TransferProgress {
    t.progress = { ...t.progress, ...patch };
    this.emit(t);
    return t.progress;
  }

  private emit(t: Running): void {
    this.lastEmit.set(t, performance.now());
    this.deps.bus.emit('transfer.progress', t.progress);
  }
}

function fast(
  sftp: Sftp,
  op: 'fastGet' | 'fastPut',
  from: string,
  to: string,
  onProgress: (transferred: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // 64 requests of 128 KiB in flight: ssh2's default (32 KiB) is 2× slower than OpenSSH's sftp on
    // loopback; ssh2 splits requests larger than the server's limits@openssh.com read/write size.
    const options = {
      concurrency: 64,
      chunkSize: 128 * 1024,
      step: (n: number) => onProgress(n),
    };
    sftp.raw[op](from, to, options, (err) =>
      err
        ? reject(
            err instanceof OpsdeckError
              ? err
              : new OpsdeckError(
                  'SFTP_FAILED',
                  `${op === 'fastGet' ? 'Download' : 'Upload'} of ${from} (${sftp.host.name}) failed: ${err.message}.`,
                  'Check the paths, free space and permissions on both sides, then retry.',
                  { cause: err },
                ),
          )
        : resolve(),
    );
  });
}

/** The remote file an upload replaces or creates; an existing folder receives the file by name. */
async function resolveTarget(sftp: Sftp, path: string, localName: string): Promise<string> {
  const existing = await sftp.realpath(path).catch(() => undefined);
  const found = existing ? await sftp.statIfExists(existing) : undefined;
  if (existing && found?.isDirectory) return posix.join(existing, localName);
  if (existing && found) return existing;
  const dir = await sftp.realpath(posix.dirname(path) || '.');
  return posix.join(dir, posix.basename(path));
}

function cancelledError(): OpsdeckError {
  return new OpsdeckError(
    'CANCELLED',
    'The transfer was cancelled; the partial file was removed.',
    'Start it again when ready.',
  );
}
