import { pipeline, Transform } from 'node:stream';
import { OpsdeckError, type Host } from '../../../contract';
import { shellQuote } from '../../common/shell';
import type { Lease } from '../../ssh/ssh-pool';
import { formatBytes } from '../../../contract/format';
import { startRemote, type RemoteProcess } from '../../ssh/remote-process';
import { STOP_WAIT_MS, stopProcess } from '../../ssh/remote-stop';
import { asRoot, needsSudo } from '../../ssh/privilege';
import { STREAM_BUFFER } from '../run/hashing';
import { partialName, type BackupStore, type StoreReader, type StoreWriter } from './store';
import type { Destination } from './url';

type SshDest = Extract<Destination, { kind: 'ssh' }>;

/** How long a read whose output ended waits for `cat`'s exit status before it fails. */
export const READ_EXIT_WAIT_MS = 30_000;

export interface SshStoreDeps {
  acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
  exec(
    host: Host,
    command: string,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const q = shellQuote;

/**
 * A folder on a backup host, written through Opsdeck's pooled SSH connection (`cat > partial`,
 * then `mv`): the database host needs no SSH trust towards the backup host. Root is used through
 * `sudo -n` when the login is not root (as the disk steps do).
 */
export class SshFolderStore implements BackupStore {
  constructor(
    readonly dest: SshDest,
    private readonly host: Host,
    private readonly deps: SshStoreDeps,
  ) {}

  private path(name: string) {
    return `${this.dest.path}/${name}`;
  }

  private async run(command: string, why: string): Promise<string> {
    const r = await this.deps.exec(this.host, asRoot(this.host, command), { timeoutMs: 60_000 });
    if (r.code !== 0)
      throw new OpsdeckError(
        'BACKUP_DESTINATION_UNAVAILABLE',
        `On ${this.host.name}, could not ${why}: ${r.stderr.trim() || `exit ${r.code}`}.`,
        `Check ${this.dest.path} on ${this.host.name} (exists or can be created, writable, space), then try again.`,
      );
    return r.stdout;
  }

  async write(name: string): Promise<StoreWriter> {
    const final = this.path(name);
    const partial = partialName(final);
    const dir = final.replace(/\/[^/]+$/, '');
    await this.run(`mkdir -p ${q(dir)} && chmod 700 ${q(this.dest.path)}`, `create ${dir}`);
    const lease = await this.deps.acquire(this.host);
    let proc: RemoteProcess;
    try {
      proc = await startRemote(
        lease,
        asRoot(this.host, `umask 077; cat > ${q(partial)}`),
        this.host,
        'sink',
      );
    } catch (err) {
      lease.release();
      throw err;
    }
    let ending = false;
    const exited = proc.exit.then((r) => {
      lease.release();
      // The writer stopped before the end (disk full, killed): fail the stream feeding it.
      if (!ending) proc.channel.destroy();
      return r;
    });
    return {
      stream: proc.channel,
      commit: async () => {
        ending = true;
        proc.channel.end();
        const r = await exited;
        if (r.code !== 0) throw new Error(r.stderr || `exit ${r.code}`);
        await this.run(`mv -f ${q(partial)} ${q(final)}`, `rename ${partial}`);
      },
      abort: async () => {
        ending = true;
        // `cat` already exited (disk full, or after commit): nothing of it to stop. Bounded: a
        // host that no longer answers must not hang the backup's clean-up.
        await stopProcess(this.deps, this.host, proc, AbortSignal.timeout(STOP_WAIT_MS), () =>
          proc.channel.destroy(),
        );
        await this.deps
          .exec(this.host, asRoot(this.host, `rm -f ${q(partial)}`), { timeoutMs: STOP_WAIT_MS })
          .catch(() => undefined);
      },
      explain: async (err) => {
        const r = await Promise.race([
          exited,
          new Promise<undefined>((res) => setTimeout(() => res(undefined), 5000)),
        ]);
        const text = `${r?.stderr ?? ''} ${err instanceof Error ? err.message : String(err)}`;
        if (/No space left on device|Disk quota exceeded/i.test(text)) {
          const free = await this.freeBytes();
          return new OpsdeckError(
            'BACKUP_DESTINATION_FULL',
            `${this.host.name}:${this.dest.path} ran out of space (${free === undefined ? 'free space unknown' : `${formatBytes(free)} free`}).`,
            `Free space in ${this.dest.path} on ${this.host.name} (or lower the retention), then run the backup again.`,
          );
        }
        return new OpsdeckError(
          'BACKUP_DESTINATION_UNAVAILABLE',
          `Writing to ${this.host.name}:${partial} failed: ${text.trim()}.`,
          `Check ${this.host.name} is reachable and ${this.dest.path} is writable, then run the backup again.`,
        );
      },
    };
  }

  async read(name: string, signal?: AbortSignal): Promise<StoreReader> {
    const path = this.path(name);
    const lease = await this.deps.acquire(this.host, signal);
    let proc: RemoteProcess;
    try {
      proc = await startRemote(lease, asRoot(this.host, `cat ${q(path)}`), this.host, 'source');
    } catch (err) {
      lease.release();
      throw err;
    }
    const onAbort = () =>
      void stopProcess(this.deps, this.host, proc, undefined, () => proc.channel.destroy());
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = proc.exit.then((r) => {
      lease.release();
      signal?.removeEventListener('abort', onAbort);
      if (r.code !== 0)
        throw new OpsdeckError(
          'BACKUP_DESTINATION_UNAVAILABLE',
          `Reading ${this.host.name}:${path} failed: ${r.stderr || (r.signal ? `killed by ${r.signal}` : `exit ${r.code}`)}.`,
          `Check the file is still on ${this.host.name} and readable${needsSudo(this.host) ? ` (as root through sudo -n by ${this.host.user})` : ''}, then run again; the backup itself may be fine.`,
        );
    });
    // The channel ends the same way whether `cat` read the whole file or failed (sudo refused,
    // EIO, the file gone): its end is passed on only once `cat` exited 0, and a failure errors
    // the stream, so whatever it feeds (a restore's client) is aborted instead of seeing a clean
    // EOF. A `cat` whose exit never comes (a connection gone silent) fails the stream after
    // READ_EXIT_WAIT_MS instead of holding it.
    const stream = new Transform({
      highWaterMark: STREAM_BUFFER,
      transform: (chunk: Buffer, _enc, cb) => cb(null, chunk),
      flush: (cb) => {
        const timer = setTimeout(
          () =>
            cb(
              new OpsdeckError(
                'BACKUP_DESTINATION_UNAVAILABLE',
                `Reading ${this.host.name}:${path}: its output ended, but \`cat\` did not report its exit within ${READ_EXIT_WAIT_MS / 1000} s, so the read cannot be trusted.`,
                `Check ${this.host.name} is reachable and responsive, then run again; the backup itself may be fine.`,
              ),
            ),
          READ_EXIT_WAIT_MS,
        );
        done.then(
          () => (clearTimeout(timer), cb()),
          (err: unknown) => (
            clearTimeout(timer),
            cb(err instanceof Error ? err : new Error(String(err)))
          ),
        );
      },
    });
    pipeline(proc.channel, stream, () => undefined);
    // Read no further than the consumer wants (a restore whose command stopped early): `cat` is
    // stopped and the rest of its output drained, so its channel closes, `done` settles and the
    // connection is released — an unread channel would never close.
    stream.once('close', () => {
      if (proc.channel.readableEnded) return;
      void stopProcess(this.deps, this.host, proc);
      proc.channel.resume();
    });
    return { stream, done };
  }

  async remove(name: string) {
    await this.run(`rm -f ${q(this.path(name))}`, `remove ${this.path(name)}`);
  }

  async size(name: string) {
    const r = await this.deps.exec(
      this.host,
      asRoot(this.host, `stat -c %s ${q(this.path(name))} 2>/dev/null`),
    );
    return r.code === 0 && /^\d+$/.test(r.stdout.trim()) ? Number(r.stdout.trim()) : undefined;
  }

  async freeBytes() {
    const r = await this.deps.exec(
      this.host,
      `df -Pk ${q(this.dest.path)} 2>/dev/null | awk 'NR==2 {print $4}'`,
    );
    const kb = Number(r.stdout.trim());
    return r.code === 0 && r.stdout.trim() && Number.isFinite(kb) ? kb * 1024 : undefined;
  }
}
