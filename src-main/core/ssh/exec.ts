import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import { OpsdeckError } from '../../contract';
import { onShared } from './shared-listener';

export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Written to the command's stdin, then EOF. Without it, stdin is closed at once (like ssh -n). */
  stdin?: string | Buffer;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Bytes kept per stream (default 10 MiB); beyond it the command is killed (like child_process). */
  maxBuffer?: number;
  /** Used in messages (defaults to "the server"). */
  hostName?: string;
  /**
   * Keep stdin open until the channel closes (after writing `stdin`, if given). A remote wrapper
   * can then watch it and kill the command's process group when Opsdeck closes the channel:
   * OpenSSH ignores signal requests for root sessions (see core/exec/kill-wrapper.ts).
   */
  holdStdin?: boolean;
}

export interface ExecResult {
  /** Exit status; null when the command was ended by a signal (or the server sent none). */
  code: number | null;
  /** e.g. `SIGKILL` when the command died from a signal. */
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export const DEFAULT_MAX_BUFFER = 10 * 1024 * 1024;

/** Marks a failure where the command never started, so a caller may safely retry elsewhere. */
export class ChannelOpenError extends OpsdeckError {
  readonly notStarted = true;
  constructor(
    message: string,
    hint: string,
    /** True when the connection itself is gone (as opposed to the server refusing a channel). */
    readonly connectionGone: boolean,
    options?: { cause?: unknown },
  ) {
    super('SSH_CHANNEL_FAILED', message, hint, options);
  }
}

/**
 * Run one command on an open connection. A non-zero exit is a result, not an exception: callers
 * decide what counts as failure. Cancellation and timeout send SIGKILL and close the channel.
 */
export function execCommand(
  client: Client,
  command: string,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const on = options.hostName ?? 'the server';
  const started = performance.now();
  if (options.signal?.aborted) return Promise.reject(cancelled(on, false));

  return new Promise<ExecResult>((resolve, reject) => {
    let channel: ClientChannel | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const stdout = new Collector(options.maxBuffer, options.onStdout);
    const stderr = new Collector(options.maxBuffer, options.onStderr);
    let exit: { code: number | null; signal?: string } | undefined;
    let unwatchClose = () => {};

    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      unwatchClose();
      if (err) {
        if (channel) kill(channel);
        reject(err);
        return;
      }
      resolve({
        code: exit?.code ?? null,
        ...(exit?.signal ? { signal: exit.signal } : {}),
        stdout: stdout.text(),
        stderr: stderr.text(),
        durationMs: Math.round(performance.now() - started),
      });
    };
    const onAbort = () => finish(cancelled(on, channel !== undefined));
    const onConnectionClosed = () =>
      finish(
        channel
          ? new OpsdeckError(
              'SSH_CHANNEL_FAILED',
              `The connection to ${on} was lost while running a command; it may or may not have completed.`,
              'Check the host is up, then verify the command’s effect before retrying it.',
            )
          : new ChannelOpenError(
              `The connection to ${on} is closed.`,
              'Retry; Opsdeck reconnects.',
              true,
            ),
      );
    const onOverflow = (stream: string) =>
      finish(
        new OpsdeckError(
          'SSH_COMMAND_FAILED',
          `The command on ${on} wrote more than ${options.maxBuffer ?? DEFAULT_MAX_BUFFER} bytes to ${stream}; it was stopped.`,
          'Limit its output (e.g. pipe through tail or grep), or stream it with onStdout.',
        ),
      );
    stdout.onOverflow = () => onOverflow('stdout');
    stderr.onOverflow = () => onOverflow('stderr');

    options.signal?.addEventListener('abort', onAbort, { once: true });
    unwatchClose = onShared(client, 'close', onConnectionClosed);
    if (options.timeoutMs && options.timeoutMs > 0) {
      const ms = options.timeoutMs;
      timer = setTimeout(
        () =>
          finish(
            new OpsdeckError(
              'TIMEOUT',
              `The command on ${on} did not finish within ${formatMs(ms)}; Opsdeck sent it SIGKILL and closed the channel.`,
              'Check why it hangs (locks, prompts waiting for input), or allow more time.',
            ),
          ),
        ms,
      );
    }

    const opened = (err: Error | undefined, ch: ClientChannel) => {
      if (err) {
        return finish(
          new ChannelOpenError(
            `Could not start a command on ${on}: ${err.message}.`,
            'The server may limit sessions per connection (MaxSessions) or be shutting down; retry shortly.',
            /no response from server|not connected/i.test(err.message),
            { cause: err },
          ),
        );
      }
      if (settled) {
        kill(ch);
        return;
      }
      channel = ch;
      ch.on('data', (data: Buffer) => stdout.push(data));
      ch.stderr.on('data', (data: Buffer) => stderr.push(data));
      ch.on('exit', (code: number | null, signal?: string) => {
        exit = { code: typeof code === 'number' ? code : null, ...(signal ? { signal } : {}) };
      });
      ch.on('close', () => finish());
      ch.on('error', (e: Error) =>
        finish(
          new OpsdeckError(
            'SSH_CHANNEL_FAILED',
            `The command channel on ${on} failed: ${e.message}.`,
            'Retry.',
          ),
        ),
      );
      if (!options.holdStdin) ch.end(options.stdin);
      else if (options.stdin !== undefined) ch.write(options.stdin);
    };

    try {
      client.exec(command, opened);
    } catch (err) {
      finish(
        new ChannelOpenError(
          `Could not start a command on ${on}: ${err instanceof Error ? err.message : String(err)}.`,
          'The connection is closed; retry (Opsdeck reconnects).',
          true,
          { cause: err },
        ),
      );
    }
  });
}

/**
 * Send SIGKILL to the remote process and close the channel. ssh2's `channel.signal()` is a no-op
 * once our side has sent EOF (which we do right after stdin), so the request then goes straight to
 * the protocol layer with the same arguments ssh2 itself would use.
 */
function kill(channel: ClientChannel): void {
  try {
    if (channel.writable) {
      channel.signal('KILL');
    } else {
      const ch = channel as unknown as {
        outgoing?: { id?: number; state?: string };
        _client?: { _protocol?: { signal?(id: number, name: string): void } };
      };
      const id = ch.outgoing?.id;
      if (id !== undefined && ch.outgoing?.state === 'eof')
        ch._client?._protocol?.signal?.(id, 'KILL');
    }
  } catch {
    // The channel is going away anyway.
  }
  try {
    channel.close();
  } catch {
    // Already closed.
  }
}

class Collector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly decoder = new StringDecoder('utf8');
  onOverflow: () => void = () => {};

  constructor(
    private readonly max = DEFAULT_MAX_BUFFER,
    private readonly listener?: (chunk: string) => void,
  ) {}

  push(data: Buffer): void {
    if (this.listener) {
      const text = this.decoder.write(data);
      if (text) this.listener(text);
    }
    if (this.size + data.length > this.max) {
      this.onOverflow();
      return;
    }
    this.size += data.length;
    this.chunks.push(data);
  }

  text(): string {
    if (this.listener) {
      const rest = this.decoder.end();
      if (rest) this.listener(rest);
    }
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function cancelled(on: string, running: boolean): OpsdeckError {
  return new OpsdeckError(
    'CANCELLED',
    running
      ? `The command on ${on} was cancelled; Opsdeck sent it SIGKILL and closed the channel.`
      : `The command on ${on} was cancelled before it started.`,
    'Run it again when ready.',
  );
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
