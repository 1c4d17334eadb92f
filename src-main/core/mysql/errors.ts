import { OpsdeckError, type SocketBridge } from '../../contract';
import { isTlsFailure } from './tls';

/** Where a MySQL login was going, for messages. */
export type MysqlTarget = MysqlTcpTarget | MysqlSocketTarget;

interface TargetBase {
  name: string;
  user: string;
  /** A password is stored for the login (in the vault). */
  hasPassword: boolean;
}

export interface MysqlTcpTarget extends TargetBase {
  via: 'ssh-tunnel' | 'direct';
  address: string;
  port: number;
  /** Direct login with verified TLS. */
  tls?: boolean;
}

/** Over SSH to the server's unix socket (through `sudo -n` when the SSH login is not the MySQL user). */
export interface MysqlSocketTarget extends TargetBase {
  via: 'ssh-socket';
  /** The socket path; undefined = the usual places. */
  socket?: string | undefined;
  /** The SSH login, and whether it becomes root with `sudo -n` for the socket. */
  sshUser: string;
  sudo: boolean;
  bridge?: SocketBridge | undefined;
  /** Chosen by Opsdeck because the host has no MySQL login. */
  automatic: boolean;
}

interface DriverError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  message?: string;
  reason?: string;
  fatal?: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

export const where = (t: MysqlTarget) =>
  t.via === 'ssh-socket'
    ? `MySQL on ${t.name} (socket ${t.socket ?? 'in the usual places'} over SSH${t.sudo ? `, as root through sudo from ${t.sshUser}` : ''})`
    : `MySQL on ${t.name} (${t.address}:${t.port}${t.via === 'ssh-tunnel' ? `, through an SSH tunnel from ${t.name}` : ''})`;

/** How to give a host a MySQL login, for hints. */
export const loginHint = (name: string) =>
  `Set a MySQL login for ${name}: \`opsdeck mysql login ${name} --user U --password-env VAR\` (or Hosts → Edit ${name} → MySQL login).`;

/** A login refused: a missing password, socket authentication refused, or a wrong password. */
function accessDenied(t: MysqlTarget, said: string, opts: { cause: unknown }): OpsdeckError {
  if (t.via === 'ssh-socket') {
    const how = t.automatic
      ? `${t.name} has no MySQL login, so Opsdeck tried "${t.user}" by socket authentication`
      : `the login "${t.user}" by socket authentication was refused`;
    return new OpsdeckError(
      t.automatic ? 'MYSQL_LOGIN_NEEDED' : 'MYSQL_ACCESS_DENIED',
      `${where(t)}: ${how}: ${said}`,
      t.automatic
        ? `${loginHint(t.name)} Socket authentication works where "${t.user}" is identified via unix_socket / auth_socket (the default for root on Debian, Ubuntu and RHEL MariaDB).`
        : `Check that "${t.user}" is identified via unix_socket on ${t.name}, or use a password login (\`opsdeck mysql login ${t.name} --via ssh-tunnel --user U --password-env VAR\`).`,
      opts,
    );
  }
  if (!t.hasPassword)
    return new OpsdeckError(
      'MYSQL_PASSWORD_MISSING',
      `${where(t)} refused "${t.user}", and no password is stored for this login: ${said}`,
      `Store the password: \`opsdeck mysql login ${t.name} --password-env VAR\` (or Hosts → Edit ${t.name} → MySQL login). An import with a locked vault leaves it out: unlock the vault (\`opsdeck vault unlock\`) and import again.`,
      opts,
    );
  return new OpsdeckError(
    'MYSQL_ACCESS_DENIED',
    `${where(t)} refused the login of "${t.user}": ${said}`,
    `Check the MySQL user and password in ${t.name}'s MySQL settings, and that the account's host part matches the address MySQL sees (shown above).`,
    opts,
  );
}

/**
 * Turn a mysql2 / tunnel error into a stable code with a hint. Login problems (access denied,
 * too many connections, blocked host) and reachability are told apart because the fix differs.
 */
export function mapMysqlError(err: unknown, t: MysqlTarget): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const e = (
    typeof err === 'object' && err !== null ? err : { message: String(err) }
  ) as DriverError;
  const said = (e.sqlMessage ?? e.message ?? 'unknown error').trim();
  const opts = { cause: err };
  switch (e.errno) {
    case 1045:
    case 1698:
      return accessDenied(t, said, opts);
    case 1130:
      return new OpsdeckError(
        'MYSQL_ACCESS_DENIED',
        `${where(t)} does not allow "${t.user}" from this address: ${said}`,
        `Create the account for the address MySQL names above${t.via === 'direct' ? ', or connect through an SSH tunnel' : ''}.`,
        opts,
      );
    case 1040:
    case 1203:
    case 1226:
      return new OpsdeckError(
        'MYSQL_TOO_MANY_CONNECTIONS',
        `${where(t)} has no free connection: ${said}`,
        'Close idle clients or raise max_connections (or max_user_connections); an account with SUPER / CONNECTION ADMIN gets one reserved connection.',
        opts,
      );
    case 1129:
      return new OpsdeckError(
        'MYSQL_HOST_BLOCKED',
        `${where(t)} blocks this client address after too many failed connections: ${said}`,
        `On ${t.name} run "FLUSH HOSTS" (or mariadb-admin/mysqladmin flush-hosts), then find what keeps failing; raising max_connect_errors only hides it.`,
        opts,
      );
    default:
      break;
  }
  if (t.via !== 'ssh-socket' && t.tls && isTlsFailure(e.code, said)) {
    const noTls = e.code === 'HANDSHAKE_NO_SSL_SUPPORT';
    return new OpsdeckError(
      'MYSQL_TLS_FAILED',
      noTls
        ? `${where(t)} does not offer TLS; Opsdeck did not log in without it.`
        : `${where(t)}: the server's TLS certificate was not accepted (${e.code ?? 'TLS'}: ${said}); Opsdeck did not log in.`,
      noTls
        ? `Enable TLS on the server (ssl_cert / ssl_key), or turn TLS off for ${t.name}'s direct login (or use the SSH tunnel).`
        : `Check ${t.name}'s MySQL settings: caFile must hold the CA that signed the server's certificate, and the certificate must name ${t.address} (or set tlsServerName to the name it carries).`,
      opts,
    );
  }
  // ssh2's direct-tcpip refusal: "(SSH) Channel open failure: Connection refused".
  if (t.via === 'ssh-socket' && ((e.code && NETWORK_CODES.has(e.code)) || e.fatal))
    return new OpsdeckError(
      'MYSQL_UNREACHABLE',
      `${where(t)} closed the connection: ${said}`,
      `Check that MySQL runs on ${t.name} (its error log) and that the socket is the server's (SELECT @@socket; the profile's mysqlSocket).`,
      opts,
    );
  if (
    t.via !== 'ssh-socket' &&
    (e.reason === 'CONNECT_FAILED' ||
      /channel open failure|open failed|connect failed/i.test(e.message ?? ''))
  ) {
    return new OpsdeckError(
      'MYSQL_UNREACHABLE',
      `${where(t)} did not accept the connection: ${said.replace(/^\(SSH\) Channel open failure: /, '')}`,
      `Check that MySQL runs on ${t.name} and listens on ${t.address}:${t.port} (bind-address, port) as seen from ${t.name}.`,
      opts,
    );
  }
  if (
    t.via !== 'ssh-socket' &&
    ((e.code && NETWORK_CODES.has(e.code)) || (e.fatal && e.errno === undefined))
  ) {
    return new OpsdeckError(
      'MYSQL_UNREACHABLE',
      `${where(t)} could not be reached: ${e.code ?? ''} ${said}`.replace(/\s+/g, ' ').trim(),
      t.via === 'direct'
        ? `Check that MySQL runs and that ${t.address}:${t.port} is reachable from this machine (firewall, bind-address), or use the SSH tunnel.`
        : `Check that MySQL runs on ${t.name} and listens on ${t.address}:${t.port}.`,
      opts,
    );
  }
  return new OpsdeckError(
    'MYSQL_QUERY_FAILED',
    `${where(t)} said${e.errno ? ` (error ${e.errno})` : ''}: ${said}`,
    'Check the statement and the server state; the message above is the server’s own.',
    opts,
  );
}
