import type { Socket } from 'node:net';
import type { ClientChannel } from 'ssh2';
import { forwardOutError } from './forward-errors';
import { callSafely, type ForwardContext } from './forwarder';

/**
 * A `direct-tcpip` channel from the host's SSH server to `host:port` on behalf of `socket` (its
 * address is passed as the originator, as OpenSSH does). Waits while the tunnel reconnects.
 */
export async function openChannel(
  ctx: ForwardContext,
  socket: Socket,
  host: string,
  port: number,
): Promise<ClientChannel> {
  const client = await ctx.client();
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(forwardOutError(err, ctx.hostName, host, port));
    callSafely(
      () =>
        client.forwardOut(
          socket.remoteAddress ?? '127.0.0.1',
          socket.remotePort ?? 0,
          host,
          port,
          (err, channel) => (err ? fail(err) : resolve(channel)),
        ),
      fail,
    );
  });
}
