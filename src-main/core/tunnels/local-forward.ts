import type { Socket } from 'node:net';
import { asOpsdeckError } from './forward-errors';
import { ListeningForward, type BindSpec } from './listening-forward';
import { openChannel } from './open-channel';

export interface LocalForwardSpec extends BindSpec {
  targetHost: string;
  targetPort: number;
}

/** -L: listen on this machine; each connection is opened by the host to target:port. */
export class LocalForward extends ListeningForward<LocalForwardSpec> {
  protected accept(socket: Socket): void {
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
