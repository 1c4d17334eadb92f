import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { listenError } from './forward-errors';

/** A TCP listener on this machine for -L and -D. */
export interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * Listen on `address:port` (0 = pick a free port) and hand every accepted socket to `onSocket`.
 * Half-open connections are kept (a client that shuts down its sending side still gets the answer).
 * Bind errors come back as TUNNEL_PORT_IN_USE / TUNNEL_BIND_FAILED.
 */
export function listen(
  address: string,
  port: number,
  onSocket: (socket: Socket) => void,
): Promise<Listener> {
  const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, onSocket);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(listenError(err, address, port)));
    server.listen({ host: address, port, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {
        // After binding, errors concern single accepts; the listener stays.
      });
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
