import type { Client, ClientChannel } from 'ssh2';

type Opened = (err: Error | undefined, channel: ClientChannel) => void;

/** A channel ssh2 opens with a callback, as a promise that honours an AbortSignal. */
export function awaitChannel(
  open: (done: Opened) => void,
  signal?: AbortSignal,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    try {
      open((err, channel) => {
        if (err) return reject(err);
        if (signal?.aborted) {
          channel.destroy();
          return reject(new Error('aborted'));
        }
        resolve(channel);
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * A TCP connection opened by the SSH server to `address:port` (a `direct-tcpip` channel). The
 * returned duplex is handed to mysql2 as its `stream`; no local port is opened.
 */
export function openTunnel(
  client: Client,
  address: string,
  port: number,
  signal?: AbortSignal,
): Promise<ClientChannel> {
  return awaitChannel((done) => client.forwardOut('127.0.0.1', 0, address, port, done), signal);
}
