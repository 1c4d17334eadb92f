import type { ClientChannel } from 'ssh2';
import { OpsdeckError, type Host } from '../../../contract';
import { shellQuote } from '../../common/shell';
import type { Lease } from '../../ssh';
import { collectorScript } from '../proc/collector-script';
import { FrameReader, type Frame, type Hello } from '../proc/frame';

export interface LoopDeps {
  /** Borrow the host's pooled SSH connection (held while the loop runs). */
  acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
}

interface Pending {
  resolve(frame: Frame): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The SSH collector's one long-lived exec channel on a host: the read loop of
 * proc/collector-script.ts on the pooled connection. `sample()` asks for one answer and resolves
 * with its frame; answers come back in order. `close()` ends the channel — stdin closes, the loop
 * exits on the host — and releases the connection.
 */
export class RemoteLoop {
  private channel: ClientChannel | undefined;
  private lease: Lease | undefined;
  private readonly pending: Pending[] = [];
  private closed = false;
  private failure: Error | undefined;
  hello: Hello | undefined;

  private constructor(private readonly host: Host) {}

  /** Open the channel and wait for the loop's greeting. */
  static async open(
    host: Host,
    deps: LoopDeps,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<RemoteLoop> {
    const loop = new RemoteLoop(host);
    try {
      loop.lease = await deps.acquire(host, signal);
      await loop.start(timeoutMs);
      return loop;
    } catch (err) {
      loop.close();
      throw err;
    }
  }

  get alive(): boolean {
    return !this.closed;
  }

  /** One sample (`fs`: with filesystem usage); rejects when no answer comes within `timeoutMs`. */
  sample(fs: boolean, timeoutMs: number): Promise<Frame> {
    if (this.closed || !this.channel) return Promise.reject(this.failure ?? this.gone());
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new OpsdeckError(
            'TIMEOUT',
            `${this.host.name} did not answer the collector within ${Math.round(timeoutMs / 1000)} s.`,
            'The host may be overloaded or hung (a stuck filesystem under df?); Opsdeck reconnects with a growing pause.',
          ),
        );
      }, timeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.channel!.write(fs ? 'fs\n' : 't\n');
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(this.failure ?? this.gone());
    }
    try {
      this.channel?.end();
      this.channel?.close();
    } catch {
      // already gone
    }
    this.lease?.release();
  }

  private start(timeoutMs: number): Promise<void> {
    const client = this.lease!.client;
    const command = `exec /bin/sh -c ${shellQuote(collectorScript())}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new OpsdeckError(
            'TIMEOUT',
            `The collector on ${this.host.name} did not start within ${Math.round(timeoutMs / 1000)} s.`,
            'Check that /bin/sh and awk exist on the host and that logins are not slowed by the shell profile.',
          ),
        );
      }, timeoutMs);
      let stderr = '';
      const reader = new FrameReader(
        (frame) => {
          const p = this.pending.shift();
          if (!p) return;
          clearTimeout(p.timer);
          p.resolve(frame);
        },
        (hello) => {
          this.hello = hello;
          clearTimeout(timer);
          resolve();
        },
      );
      try {
        client.exec(command, (err, channel) => {
          if (err) {
            clearTimeout(timer);
            reject(
              new OpsdeckError(
                'SSH_CHANNEL_FAILED',
                `Could not start the collector on ${this.host.name}: ${err.message}.`,
                'The server may limit sessions per connection (MaxSessions); Opsdeck retries.',
              ),
            );
            return;
          }
          this.channel = channel;
          channel.setEncoding('utf8');
          channel.on('data', (chunk: string) => reader.push(chunk));
          channel.stderr.on('data', (chunk: Buffer) => {
            if (stderr.length < 2000) stderr += chunk.toString('utf8');
          });
          channel.on('close', () => {
            clearTimeout(timer);
            const why = stderr.trim().split('\n').slice(-3).join(' ');
            const error = new OpsdeckError(
              'SSH_CHANNEL_FAILED',
              `The collector on ${this.host.name} stopped${why ? `: ${why}` : ''}.`,
              'Opsdeck starts it again; if it keeps stopping, check the host’s /bin/sh and awk.',
            );
            if (!this.hello) reject(error);
            this.fail(error);
          });
        });
      } catch (err) {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.failure = err;
    this.close();
  }

  private gone(): OpsdeckError {
    return new OpsdeckError(
      'SSH_CHANNEL_FAILED',
      `The collector channel to ${this.host.name} is closed.`,
      'Opsdeck reconnects.',
    );
  }
}
