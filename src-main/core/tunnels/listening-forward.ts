import type { Socket } from 'node:net';
import type { Forwarder, ForwardContext } from './forwarder';
import { listen, type Listener } from './listener';

/** Where -L and -D listen on this machine. */
export interface BindSpec {
  bindAddress: string;
  bindPort: number;
}

/**
 * -L and -D: a listener on this machine; each accepted socket gets its own channel, opened by the
 * subclass's `accept`. Nothing is set up on the server, so attach and detach have nothing to do.
 */
export abstract class ListeningForward<S extends BindSpec> implements Forwarder {
  private listener: Listener | undefined;

  constructor(
    protected readonly spec: S,
    protected readonly ctx: ForwardContext,
  ) {}

  async listen(): Promise<void> {
    this.listener = await listen(this.spec.bindAddress, this.spec.bindPort, (s) => this.accept(s));
  }

  async attach(): Promise<void> {
    // Channels are opened per connection; nothing to set up on the server.
  }

  detach(): void {
    // Joined connections end with their channels; waiting ones wait for the reconnect.
  }

  async close(): Promise<void> {
    await this.listener?.close();
  }

  boundPort(): number | undefined {
    return this.listener?.port;
  }

  /** One accepted (paused) socket: open its channel and join the two. */
  protected abstract accept(socket: Socket): void;
}
