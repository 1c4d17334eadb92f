import { connect } from 'node:net';
import type {
  AcceptConnection,
  Client,
  ClientChannel,
  RejectConnection,
  TcpConnectionDetails,
} from 'ssh2';
import { forwardInError, localConnectError } from './forward-errors';
import { callSafely, type Forwarder, type ForwardContext } from './forwarder';
import { onShared } from '../ssh/shared-listener';

export interface RemoteForwardSpec {
  bindAddress: string;
  bindPort: number;
  targetHost: string;
  targetPort: number;
}

type TcpHandler = (
  info: TcpConnectionDetails,
  accept: AcceptConnection<ClientChannel>,
  reject: RejectConnection,
) => void;

/**
 * -R: the host's SSH server listens (`tcpip-forward`); each connection it accepts arrives as a
 * `forwarded-tcpip` channel and is connected from this machine to target:port. The pooled
 * connection may carry several remote forwards: each takes only its own address and port.
 */
export class RemoteForward implements Forwarder {
  /** The port the server listens on (the one it picked when 0 was asked); kept across reconnects. */
  private port: number | undefined;
  /** Our share of the client's 'tcp connection' listener (one per client for all its -R). */
  private handler: { client: Client; off: () => void } | undefined;
  private closing = false;

  constructor(
    private readonly spec: RemoteForwardSpec,
    private readonly ctx: ForwardContext,
  ) {}

  async listen(): Promise<void> {
    // The listening happens on the server, once connected (attach).
  }

  async attach(client: Client): Promise<void> {
    const { bindAddress } = this.spec;
    const wanted = this.port ?? this.spec.bindPort;
    // Listen for our channels before asking, so none arrives unhandled.
    const fn: TcpHandler = (info, accept, reject) => {
      if (info.destIP !== bindAddress || info.destPort !== this.port) return;
      if (this.closing) return reject();
      this.incoming(accept, reject);
    };
    this.handler = { client, off: onShared(client, 'tcp connection', fn) };
    try {
      this.port = await new Promise<number>((resolve, reject) => {
        const fail = (err: unknown) =>
          reject(forwardInError(err, this.ctx.hostName, bindAddress, wanted));
        callSafely(
          () =>
            client.forwardIn(bindAddress, wanted, (err, port) => (err ? fail(err) : resolve(port))),
          fail,
        );
      });
    } catch (err) {
      this.detach(client);
      throw err;
    }
  }

  detach(client: Client): void {
    if (this.handler?.client !== client) return;
    this.handler.off();
    this.handler = undefined;
  }

  async close(client: Client | undefined): Promise<void> {
    this.closing = true;
    const port = this.port;
    if (client && this.handler?.client === client && port !== undefined) {
      // Until the server confirms, connections may still arrive: they are refused (closing).
      await new Promise<void>((resolve) =>
        callSafely(
          () => client.unforwardIn(this.spec.bindAddress, port, () => resolve()),
          () => resolve(),
        ),
      );
    }
    if (client) this.detach(client);
  }

  boundPort(): number | undefined {
    return this.port;
  }

  private incoming(accept: AcceptConnection<ClientChannel>, reject: RejectConnection): void {
    const { targetHost, targetPort } = this.spec;
    const { connections } = this.ctx;
    // Connect first and only then accept: a refused target refuses the remote client too.
    const socket = connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    connections.adopt(socket);
    let connected = false;
    socket.once('error', (err) => {
      if (connected) return; // after joining, 'close' ends both sides
      reject();
      this.ctx.connectionFailed(localConnectError(err, targetHost, targetPort));
    });
    socket.once('connect', () => {
      connected = true;
      if (this.closing) {
        socket.destroy();
        return reject();
      }
      connections.join(socket, accept());
    });
  }
}
