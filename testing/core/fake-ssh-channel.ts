import { EventEmitter } from 'node:events';
import type { Client, ClientChannel } from 'ssh2';

/** The ids line a remote command's supervisor writes first on stderr (pid, supervisor, session). */
export const idsLine = (ids = '4711 4710 4710'): Buffer => Buffer.from(`@@opsdeck-pid ${ids}\n`);

/**
 * The channel of one remote command, as ssh2 hands it over, driven by the test: it emits what the
 * test says (`emit('data')`, `stderr.emit('data')`, `exit(code)`), records what is written to the
 * command's input, and on `destroy()` closes at once locally (the remote process may still run).
 * `onEnd` runs when the input is ended (a command that exits once its input ends, say).
 */
export class FakeChannel extends EventEmitter {
  readonly stderr = new EventEmitter();
  /** What was written to the command's input, the chunk given to `end` included. */
  readonly written: string[] = [];
  destroyed = false;

  constructor(private readonly onEnd?: () => void) {
    super();
  }
  write(chunk: Buffer | string): boolean {
    this.written.push(chunk.toString());
    return true;
  }
  end(chunk?: Buffer | string): this {
    if (chunk) this.written.push(chunk.toString());
    this.onEnd?.();
    return this;
  }
  close(): void {}
  pause(): void {}
  resume(): void {}
  destroy(): this {
    this.destroyed = true;
    queueMicrotask(() => {
      this.emit('exit', null, 'TERM');
      this.emit('close');
    });
    return this;
  }
  /** The remote command exited (exit status from the host), then the channel closed. */
  exit(code: number): void {
    this.emit('exit', code);
    this.emit('close');
  }
}

/**
 * An ssh2 client whose every exec opens `channel`, whose supervisor then reports `ids` at once
 * (as a command started by `startRemote` does).
 */
export function execClient(channel: FakeChannel, ids?: string): Client {
  return {
    exec: (_command: string, cb: (err: Error | undefined, ch: ClientChannel) => void) => {
      cb(undefined, channel as unknown as ClientChannel);
      channel.stderr.emit('data', idsLine(ids));
    },
  } as unknown as Client;
}
