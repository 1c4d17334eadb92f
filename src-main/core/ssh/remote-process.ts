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

/**
 * Who to stop: the command's pid (the supervisor's child), the supervisor shell's own pid, and
 * the session it leads (sshd starts each channel's shell in a session of its own), when it does;
 * with what tells them from a reused id: the host's boot id and the supervisor's start time
 * (field 22 of /proc/<pid>/stat), when the host has /proc.
 */
export interface RemoteIds {
  pid: string;
  supervisor: string;
  session?: string;
  boot?: string;
  start?: string;
}

export interface RemoteProcess {
  channel: ClientChannel;
  exit: Promise<SideResult>;
  /** Known once the supervisor reported them (its first stderr line). */
  ids(): RemoteIds | undefined;
  /** Settles with the ids once reported, or undefined when the channel closed without them. */
  idsReported: Promise<RemoteIds | undefined>;
  /**
   * Whether the host reported the supervisor's exit (exit status or signal): the command is over
   * and its ids are free for reuse, so it must not be stopped any more. A channel closed without
   * it (a lost connection) does not count: the command may still run.
   */
  exited(): boolean;
}

const PID_MARK = '@@opsdeck-pid ';
const PID_LINE = new RegExp(`${PID_MARK}(\\d+) (\\d+) *(\\d*)(?: ([0-9a-f-]*) (\\d*))? *\\n`);
/**
 * A byte count a long command prints on stderr for its progress (a backup's compressor): passed
 * to onStderr, but not kept in the result's stderr — an hour of counts would fill it and push the
 * real error out of the message.
 */
export const COUNT_MARK = '@@opsdeck-read ';
const COUNT_LINES = new RegExp(`${COUNT_MARK}\\d+\\n`, 'g');
const MAX_KEPT = 64 * 1024;

/**
 * `kept` with `chunk` appended: without count lines (also one split between two chunks: the end
 * of `kept` is looked at again) and, past 2 × MAX_KEPT, only its last MAX_KEPT characters — a
 * failure's own words come last, after a verbose tool's log.
 */
export function keptStderr(kept: string, chunk: string): string {
  const cut = Math.max(0, kept.length - 64);
  const next = kept.slice(0, cut) + (kept.slice(cut) + chunk).replace(COUNT_LINES, '');
  return next.length > 2 * MAX_KEPT ? next.slice(-MAX_KEPT) : next;
}

/**
 * Run `command` in the background of a shell that first reports on stderr the command's pid, its
 * own and its session's id, the host's boot id and its own start time, with stdin passed through:
 * a cancelled pipe can then stop the remote processes (remote-stop.ts), and only them.
 */
export function supervised(command: string): string {
  const inner = shellQuote(`set -o pipefail; ${command}`);
  const identity = [
    `b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)`,
    `t=$(sed 's/.*) //' /proc/$$/stat 2>/dev/null | cut -d' ' -f20)`,
  ].join('; ');
  return `${identity}; exec 3<&0; bash -c ${inner} <&3 3<&- & p=$!; exec 3<&-; echo "${PID_MARK}$p $$ $(ps -o sid= -p $$ 2>/dev/null | tr -d ' ') $b $t" >&2; wait $p`;
}

/** The ids the supervisor reported in `text` (its first stderr line), once it has. */
export function idsIn(text: string): RemoteIds | undefined {
  const m = PID_LINE.exec(text);
  if (!m) return undefined;
  const [, pid = '', supervisor = '', session, boot, start] = m;
  // The session only when the supervisor leads it (never, say, sshd's own).
  return {
    pid,
    supervisor,
    ...(session === supervisor ? { session } : {}),
    ...(boot ? { boot } : {}),
    ...(start ? { start } : {}),
  };
}

/** The ids' line in `text`: the ids, and the text before and after it (all of it, when none). */
export function pidLineIn(text: string): [RemoteIds | undefined, string, string] {
  const m = PID_LINE.exec(text);
  if (!m) return [undefined, text, ''];
  return [idsIn(m[0]), text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

/** The end of `text` that may be the start of the ids' line (held until the next chunk). */
export function heldBack(text: string): string {
  const line = text.slice(text.lastIndexOf('\n') + 1);
  const at = line.indexOf(PID_MARK);
  // A line longer than any ids' line is not one.
  if (at >= 0) return line.length - at < 256 ? line.slice(at) : '';
  for (let k = Math.min(PID_MARK.length - 1, line.length); k > 0; k--)
    if (PID_MARK.startsWith(line.slice(-k))) return line.slice(-k);
  return '';
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
      let ids: RemoteIds | undefined;
      let reportIds: (ids: RemoteIds | undefined) => void = () => undefined;
      const idsReported = new Promise<RemoteIds | undefined>((res) => (reportIds = res));
      if (role === 'sink')
        channel.on('data', (d: Buffer) => {
          const t = d.toString('utf8');
          options.onStdout?.(t);
          if (stdout.length < MAX_KEPT) stdout += t;
        });
      let exit: { code: number | null; signal?: string } = { code: null };
      let exited = false;
      const pass = (text: string) => {
        if (text) options.onStderr?.(text);
        stderr = keptStderr(stderr, text);
      };
      // Until the ids arrive, what may be the start of their line is held back (a line split
      // between two chunks must not reach onStderr in halves).
      let held = '';
      channel.stderr.on('data', (d: Buffer) => {
        const text = d.toString('utf8');
        if (ids) return pass(text);
        const [found, before, after] = pidLineIn(held + text);
        if (found) {
          ids = found;
          held = '';
          reportIds(found);
          return pass(before + after);
        }
        held = heldBack(before);
        pass(before.slice(0, before.length - held.length));
      });
      channel.on('exit', (code: number | null, signal?: string) => {
        exited = true;
        exit = { code: typeof code === 'number' ? code : null, ...(signal ? { signal } : {}) };
      });
      const done = new Promise<SideResult>((res) =>
        channel.on('close', () => {
          if (held) pass(held);
          held = '';
          reportIds(undefined);
          res({
            ...exit,
            stderr: stderr.replace(new RegExp(`${COUNT_MARK}\\d*$`), '').trim(),
            ...(role === 'sink' ? { stdout } : {}),
          });
        }),
      );
      resolve({ channel, exit: done, ids: () => ids, idsReported, exited: () => exited });
    });
  });
}
