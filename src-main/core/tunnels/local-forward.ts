import type { Socket } from 'node:net';
import { asOpsdeckError } from './forward-errors';
import type { Forwarder, ForwardContext } from './forwarder';
import { listen, type Listener } from './listener';
import { openChannel } from './open-channel';

export interface LocalForwardSpec {
  bindAddress: string;
  bindPort: number;
  targetHost: string;
  targetPort: number;
}

/** -L: listen on this machine; each connection is opened by the host to target:port. */
export class LocalForward implements Forwarder {
  private listener: Listener | undefined;

  constructor(
    private readonly spec: LocalForwardSpec,
    private readonly ctx: ForwardContext,
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

  private accept(socket: Socket): void {
    const { ctx, spec } = this;
    ctx.connections.adopt(socket);
    openChannel(ctx, socket, spec.targetHost, spec.targetPort).then(
      (channel) => {
        if (socket.destroyed) return void channel.close();
        ctx.connections.join(socket, channel);
        socket.resume();
      },
      (err: unknown) => {
        socket.destroy();
        ctx.connectionFailed(asOpsdeckError(err));
      },
    );
  }
}
