import type { Client } from 'ssh2';
import { OpsdeckError } from '../../contract';
import { loginHint, where, type MysqlSocketTarget } from './errors';
import { BRIDGES } from './socket-bridge';
import {
  NoSocketError,
  openBridge,
  openStreamLocal,
  StreamLocalForbidden,
  type SocketStream,
} from './socket-channel';

export interface SocketLogin extends SocketStream {
  /** streamlocal: an SSH channel straight to the socket; bridge: a relay command (sudo or not). */
  kind: 'streamlocal' | 'bridge';
  sudo: boolean;
}

/** One line for people: how this login reached the server. */
export function describeSocketLogin(login: SocketLogin, user: string): string {
  const socket = login.socket ?? 'the server socket';
  if (login.kind === 'streamlocal') return `${user} over SSH to ${socket}`;
  return `${user} over SSH to ${socket} through ${login.sudo ? 'sudo -n ' : ''}${login.bridge ?? 'a relay'}`;
}

/**
 * Opens the stream for a socket login: a direct-streamlocal channel when the SSH login is the MySQL
 * user (root → root), else — or where the SSH server forbids socket forwarding — a relay, as root
 * through `sudo -n` when needed.
 */
export async function openSocketLogin(
  client: Client,
  target: MysqlSocketTarget,
  signal?: AbortSignal,
): Promise<SocketLogin> {
  if (!target.sudo) {
    try {
      const stream = await openStreamLocal(client, target.socket, signal);
      return Object.assign(stream, { kind: 'streamlocal' as const, sudo: false });
    } catch (err) {
      if (err instanceof NoSocketError) throw noSocket(target, err.tried.join(', '), err.said);
      if (!(err instanceof StreamLocalForbidden)) throw err;
    }
  }
  const stream = await openBridge(
    client,
    { socket: target.socket, bridge: target.bridge, sudo: target.sudo },
    signal,
  );
  // The same object: the bridge fills in its relay and socket once it announces them.
  return Object.assign(stream, { kind: 'bridge' as const, sudo: target.sudo });
}

/** Why a relay ended before the server answered, as an error the user can act on (else undefined). */
export async function socketLoginError(
  login: SocketLogin,
  t: MysqlSocketTarget,
  cause: unknown,
): Promise<OpsdeckError | undefined> {
  const report = await login.report();
  if (!report || report.ok) return undefined;
  const opts = { cause };
  const cannot = `so Opsdeck cannot log in to MySQL on ${t.name} over its socket`;
  const orLogin = t.automatic ? ` ${loginHint(t.name)}` : '';
  switch (report.problem) {
    case 'sudo-password':
    case 'sudo-denied':
      return new OpsdeckError(
        t.automatic ? 'MYSQL_LOGIN_NEEDED' : 'SUDO_PASSWORD_REQUIRED',
        `"${t.sshUser}" on ${t.name} cannot become root without a password (sudo -n said: ${report.said}), ${cannot}${t.automatic ? ', and it has no MySQL login' : ''}.`,
        `Allow ${t.sshUser} sudo without a password (NOPASSWD in sudoers), or log in over SSH as root.${orLogin}`,
        opts,
      );
    case 'sudo-missing':
      return new OpsdeckError(
        'MYSQL_LOGIN_NEEDED',
        `${t.name} has no sudo for "${t.sshUser}" to become root, ${cannot}.`,
        `Log in over SSH as root, or install sudo for ${t.sshUser}.${orLogin}`,
        opts,
      );
    case 'no-socket':
      return noSocket(t, report.detail, report.said);
    case 'no-tool':
      return new OpsdeckError(
        'MYSQL_LOGIN_NEEDED',
        `${t.name} has none of ${BRIDGES.join(', ')} to relay to the MySQL socket through sudo, ${cannot}.`,
        `Install socat on ${t.name} (apt-get install socat / dnf install socat), or log in over SSH as root.${orLogin}`,
        opts,
      );
    case 'relay-failed':
      return new OpsdeckError(
        'MYSQL_UNREACHABLE',
        `${where(t)}: the relay (${report.detail}) failed: ${report.said}`,
        `Check that MySQL runs on ${t.name} and listens on that socket (SELECT @@socket).`,
        opts,
      );
  }
}

function noSocket(t: MysqlSocketTarget, tried: string, said: string): OpsdeckError {
  return new OpsdeckError(
    'MYSQL_UNREACHABLE',
    `${t.name} has no MySQL socket at ${tried}${said ? ` (${said})` : ''}: MySQL is not running there, or listens on another socket.`,
    `Check that MySQL runs on ${t.name}. If its socket is elsewhere, set it: \`opsdeck hosts profile ${t.name} --set mysqlSocket=/path/to/mysqld.sock\` (SELECT @@socket on the server shows it), or run \`opsdeck hosts profile ${t.name} --detect\`.`,
  );
}
