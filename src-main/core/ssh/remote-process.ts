import type { ClientChannel } from 'ssh2';
import { OpsdeckError, type Host } from '../../contract';
import type { Lease } from './ssh-pool';
import { shellQuote } from '../common/shell';

/**
 * A long-running command on a host whose stdin/stdout Opsdeck streams (a pipe between hosts, a
 * backup stream into a destination, a file fed into a restore). It runs under a small supervisor
 * that reports its pid, so a cancel or failure can stop it: OpenSSH refuses signal requests on
 * root sessions, so closing the channel alone may leave it running.
 */
export interface SideResult {
  code: number | null;
  signal?: string;
  stderr: string;
  /** The command's own output (capped) when it is a sink; a source's goes to the caller. */
  stdout?: string;
}

export interface RemoteProcess {
  channel: ClientChannel;
  exit: Promise<SideResult>;
  pid(): string | undefined;
}

const PID_MARK = '@@opsdeck-pid ';
/**
 * A byte count a long command prints on stderr for its progress (a backup's compressor): passed
 * to onStderr, but not kept in the result's stderr — an hour of counts would fill it and push the
 * real error out of the message.
 */
export const COUNT_MARK = '@@opsdeck-read ';
const COUNT_LINES = new RegExp(`${COUNT_MARK}\\d+\\n?`, 'g');
const MAX_KEPT = 64 * 1024;

/**
 * Run `command` in the background of a shell that first reports its pid on stderr, with stdin
 * passed through: a cancelled pipe can then stop the remote processes.
 */
export function supervised(command: string): string {
  const inner = shellQuote(`set -o pipefail; ${command}`);
  return `exec 3<&0; bash -c ${inner} <&3 3<&- & p=$!; exec 3<&-; echo "${PID_MARK}$p" >&2; wait $p`;
}

export interface StartOptions {
  /** Every stderr chunk as it arrives (progress lines of a backup tool). */
  onStderr?: (text: string) => void;
  /** A sink's stdout chunks as they arrive (a guarded freeze saying it is frozen). */
  onStdout?: (text: string) => void;
}

/**
 * Start `command` supervised on a pooled connection. A `sink`'s stdout is kept (capped), since an
 * unread channel never closes; a `source`'s stdout is the caller's to read.
 */
export function startRemote(
  lease: Lease,
  command: string,
  host: Host,
  role: 'source' | 'sink',
  options: StartOptions = {},
): Promise<RemoteProcess> {
  return new Promise((resolve, reject) => {
    lease.client.exec(supervised(command), (err, channel) => {
      if (err) {
        reject(
          new OpsdeckError(
            'SSH_CHANNEL_FAILED',
            `Could not start a command on ${host.name}: ${err.message}.`,
            'Retry shortly; the server may limit sessions per connection.',
          ),
        );
        return;
      }
      let stderr = '';
      let stdout = '';
      let pid: string | undefined;
      if (role === 'sink')
        channel.on('data', (d: Buffer) => {
          const t = d.toString('utf8');
          options.onStdout?.(t);
          if (stdout.length < MAX_KEPT) stdout += t;
        });
      let exit: { code: number | null; signal?: string } = { code: null };
      channel.stderr.on('data', (d: Buffer) => {
        let textChunk = d.toString('utf8');
        if (!pid) {
          const m = new RegExp(`${PID_MARK}(\\d+)\\n?`).exec(stderr + textChunk);
          if (m) {
            pid = m[1];
            textChunk = textChunk.replace(new RegExp(`${PID_MARK}\\d+\\n?`), '');
          }
        }
        if (textChunk) options.onStderr?.(textChunk);
        if (stderr.length < MAX_KEPT) stderr += textChunk.replace(COUNT_LINES, '');
      });
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = { code: typeof code === 'number' ? code : null, ...(signal ? { signal } : {}) };
      });
      const done = new Promise<SideResult>((res) =>
        channel.on('close', () =>
          res({
            ...exit,
            stderr: stderr.replace(new RegExp(`${PID_MARK}\\d+\\n?`), '').trim(),
            ...(role === 'sink' ? { stdout } : {}),
          }),
        ),
      );
      resolve({ channel, exit: done, pid: () => pid });
    });
  });
}

/** Stop a supervised command and its children (TERM); errors are ignored (it may be gone). */
export async function stopRemote(
  deps: { exec(host: Host, command: string): Promise<unknown> },
  host: Host,
  pid: string | undefined,
): Promise<void> {
  if (!pid) return;
  await deps
    .exec(host, `pkill -TERM -P ${pid} 2>/dev/null; kill -TERM ${pid} 2>/dev/null; true`)
    .catch(() => undefined);
}
