import type { Socket } from 'node:net';
import { OpsdeckError } from '../../contract';
import { asOpsdeckError, socksReplyFor } from './forward-errors';
import { ListeningForward, type BindSpec } from './listening-forward';
import { openChannel } from './open-channel';
import { connectReply, Socks5Handshake, SocksReply } from './socks5';

export type DynamicForwardSpec = BindSpec;

/** A client that has not finished its SOCKS handshake by then is dropped. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** -D: a SOCKS5 proxy on this machine (CONNECT, no auth); the host opens each connection. */
export class DynamicForward extends ListeningForward<DynamicForwardSpec> {
  protected accept(socket: Socket): void {
    const { ctx } = this;
    ctx.connections.adopt(socket);
    const handshake = new Socks5Handshake();
    const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const step = handshake.feed(chunk);
      if (step.write?.length) socket.write(step.write);
      if (step.kind === 'more') return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      if (step.kind === 'refuse') {
        socket.end();
        ctx.connectionFailed(
          new OpsdeckError(
            'INVALID_PARAMS',
            `A SOCKS client was refused: ${step.reason}.`,
            'Configure the client for SOCKS5 without authentication (e.g. curl --socks5-hostname).',
          ),
        );
        return;
      }
      const { host, port } = step.target;
      openChannel(ctx, socket, host, port).then(
        (channel) => {
          if (socket.destroyed) return void channel.close();
          socket.write(connectReply(SocksReply.succeeded));
          if (step.rest.length) {
            channel.write(step.rest);
            ctx.connections.countOut(step.rest.length);
          }
          ctx.connections.join(socket, channel);
          socket.resume();
        },
        (err: unknown) => {
          const error = asOpsdeckError(err);
          socket.end(connectReply(socksReplyFor(error)));
          ctx.connectionFailed(error);
        },
      );
    };
    socket.on('data', onData);
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
  }
}
