import type { Client, ClientChannel } from 'ssh2';
import { awaitChannel } from './tunnel';
import type { SocketBridge } from '../../contract';
import {
  bridgeCommand,
  readBridgeStderr,
  SOCKET_CANDIDATES,
  type BridgeReport,
  type BridgeSpec,
} from './socket-bridge';

/** A stream to the server's unix socket, handed to mysql2 as its `stream`. */
export interface SocketStream {
  stream: ClientChannel;
  /** The socket path reached (a bridge names it once it starts). */
  socket?: string;
  /** The relay, when the stream is a sudo bridge. */
  bridge?: SocketBridge;
  /**
   * After a failed handshake: what the bridge reported when it ended (sudo asked for a password,
   * no socket, no relay), or undefined for a direct channel / a bridge that said nothing.
   */
  report(): Promise<BridgeReport | undefined>;
}

/** Thrown when every socket path was refused: none exists (or MySQL does not listen there). */
export class NoSocketError extends Error {
  constructor(
    readonly tried: readonly string[],
    readonly said: string,
  ) {
    super(`no MySQL socket at ${tried.join(', ')}: ${said}`);
  }
}

/** The SSH server forbids socket forwarding (AllowStreamLocalForwarding no / DisableForwarding). */
export class StreamLocalForbidden extends Error {}

/**
 * A `direct-streamlocal@openssh.com` channel to the socket, as the SSH login (root's logins are
 * then MySQL root by unix_socket authentication). Without a path, the usual places are tried.
 */
export async function openStreamLocal(
  client: Client,
  socket: string | undefined,
  signal?: AbortSignal,
): Promise<SocketStream> {
  const paths = socket ? [socket] : [...SOCKET_CANDIDATES];
  let said = '';
  for (const path of paths) {
    try {
      const stream = await openChannel(client, path, signal);
      return { stream, socket: path, report: async () => undefined };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/prohibited/i.test(message)) throw new StreamLocalForbidden(message);
      if (signal?.aborted) throw err;
      said = message.replace(/^\(SSH\) Channel open failure: /, '');
    }
  }
  throw new NoSocketError(paths, said);
}

const openChannel = (client: Client, path: string, signal?: AbortSignal) =>
  awaitChannel((done) => client.openssh_forwardOutStreamLocal(path, done), signal);

/** How long a failed bridge is given to say why before its report is read. */
const REPORT_WAIT_MS = 3_000;

/**
 * An exec channel running a relay to the socket (as root through `sudo -n` when asked): its
 * stdin/stdout is the MySQL connection, its stderr says which relay and socket it uses.
 */
export async function openBridge(
  client: Client,
  spec: BridgeSpec,
  signal?: AbortSignal,
): Promise<SocketStream> {
  const channel = await awaitChannel((done) => client.exec(bridgeCommand(spec), done), signal);
  let stderr = '';
  let ended = false;
  const waiters: Array<() => void> = [];
  const end = () => {
    ended = true;
    for (const wake of waiters.splice(0)) wake();
  };
  channel.once('exit', end);
  channel.once('close', end);
  const stream: SocketStream = {
    stream: channel,
    ...(spec.socket ? { socket: spec.socket } : {}),
    async report() {
      if (!ended)
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, REPORT_WAIT_MS);
          waiters.push(() => {
            clearTimeout(timer);
            wake();
          });
        });
      return readBridgeStderr(stderr);
    },
  };
  channel.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    // Which relay and socket, once the bridge announces them (before the server's greeting).
    const r = readBridgeStderr(stderr);
    if (r?.ok) {
      stream.bridge = r.bridge;
      stream.socket = r.socket;
    }
  });
  return stream;
}
