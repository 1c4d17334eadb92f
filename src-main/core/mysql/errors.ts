import { OpsdeckError } from '../../contract';
import { isTlsFailure } from './tls';

/** Where a MySQL login was going, for messages. */
export interface MysqlTarget {
  name: string;
  address: string;
  port: number;
  user: string;
  via: 'ssh-tunnel' | 'direct';
  /** Direct login with verified TLS. */
  tls?: boolean;
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

const where = (t: MysqlTarget) =>
  `MySQL on ${t.name} (${t.address}:${t.port}${t.via === 'ssh-tunnel' ? `, through an SSH tunnel from ${t.name}` : ''})`;

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
      return new OpsdeckError(
        'MYSQL_ACCESS_DENIED',
        `${where(t)} refused the login of "${t.user}": ${said}`,
        `Check the MySQL user and password in ${t.name}'s MySQL settings, and that the account's host part matches the address MySQL sees (shown above).`,
        opts,
      );
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
  if (t.tls && isTlsFailure(e.code, said)) {
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
  if (
    e.reason === 'CONNECT_FAILED' ||
    /channel open failure|open failed|connect failed/i.test(e.message ?? '')
  ) {
    return new OpsdeckError(
      'MYSQL_UNREACHABLE',
      `${where(t)} did not accept the connection: ${said.replace(/^\(SSH\) Channel open failure: /, '')}`,
      `Check that MySQL runs on ${t.name} and listens on ${t.address}:${t.port} (bind-address, port) as seen from ${t.name}.`,
      opts,
    );
  }
  if ((e.code && NETWORK_CODES.has(e.code)) || (e.fatal && e.errno === undefined)) {
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
