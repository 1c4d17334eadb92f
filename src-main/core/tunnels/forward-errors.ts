import { OpsdeckError, toErrorShape } from '../../contract';
import { hostPort } from '../../contract/forward-spec';
import { SocksReply, type SocksReplyCode } from './socks5';

/** ssh2's channel-open failure reasons (RFC 4254 §5.1). */
const ADMINISTRATIVELY_PROHIBITED = 1;
const CONNECT_FAILED = 2;

const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;
const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A local listen() failure, said in terms of the tunnel. */
export function listenError(err: unknown, address: string, port: number): OpsdeckError {
  const where = hostPort(address, port);
  switch (errno(err)) {
    case 'EADDRINUSE':
      return new OpsdeckError(
        'TUNNEL_PORT_IN_USE',
        `Port ${port} on ${address} is already in use on this machine.`,
        `Pick another local port, or 0 to let the system choose (\`ss -ltnp 'sport = :${port}'\` shows who holds it).`,
        { cause: err },
      );
    case 'EACCES':
    case 'EPERM':
      return new OpsdeckError(
        'TUNNEL_BIND_FAILED',
        `Not allowed to listen on ${where}${port > 0 && port < 1024 ? ' (ports below 1024 need privileges)' : ''}.`,
        'Use a local port from 1024 up.',
        { cause: err },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new OpsdeckError(
        'TUNNEL_BIND_FAILED',
        `Cannot listen on ${where}: ${address} is not an address of this machine.`,
        'Use 127.0.0.1 (the default), or an address this machine has.',
        { cause: err },
      );
    default:
      return new OpsdeckError(
        'TUNNEL_BIND_FAILED',
        `Cannot listen on ${where}: ${text(err)}.`,
        'Pick another address or port.',
        { cause: err },
      );
  }
}

/** A `direct-tcpip` channel the host's SSH server would not open (-L, -D). */
export function forwardOutError(
  err: unknown,
  hostName: string,
  host: string,
  port: number,
): OpsdeckError {
  const reason = (err as { reason?: unknown } | undefined)?.reason;
  const target = hostPort(host, port);
  if (reason === ADMINISTRATIVELY_PROHIBITED) {
    return new OpsdeckError(
      'TUNNEL_FORWARDING_DISABLED',
      `${hostName}'s SSH server does not allow forwarding to ${target} (administratively prohibited).`,
      `Its sshd_config has AllowTcpForwarding no (or local/remote only), or a PermitOpen that excludes ${target}; ask its admin, or forward through another host.`,
      { cause: err },
    );
  }
  if (reason === CONNECT_FAILED) {
    return new OpsdeckError(
      'TUNNEL_TARGET_UNREACHABLE',
      `${hostName} could not connect to ${target}: ${text(err).replace(/^\(SSH\) Channel open failure: /, '')}.`,
      `Check that something listens on ${target} as seen from ${hostName} (the target is resolved and reached from there).`,
      { cause: err },
    );
  }
  return new OpsdeckError(
    'SSH_CHANNEL_FAILED',
    `Could not open a forwarded connection to ${target} through ${hostName}: ${text(err)}.`,
    'The connection to the host may have dropped (the tunnel reconnects), or it limits channels; retry.',
    { cause: err },
  );
}

/** The host's SSH server refused to listen for a remote forward (-R). */
export function forwardInError(
  err: unknown,
  hostName: string,
  address: string,
  port: number,
): OpsdeckError {
  return new OpsdeckError(
    'TUNNEL_REMOTE_BIND_REFUSED',
    `${hostName}'s SSH server refused to listen on ${hostPort(address, port)} (${text(err)}).`,
    `The port may be in use on ${hostName}, below 1024 without root, or remote forwarding disabled there (AllowTcpForwarding no/local, PermitListen). Pick another port, or 0 for any free one.`,
    { cause: err },
  );
}

/** This machine could not reach the local target of a remote forward (-R). */
export function localConnectError(err: unknown, host: string, port: number): OpsdeckError {
  const target = hostPort(host, port);
  return new OpsdeckError(
    'TUNNEL_TARGET_UNREACHABLE',
    `A connection arrived through the tunnel but ${target} refused or is unreachable from this machine (${errno(err) ?? text(err)}).`,
    `Start the service on ${target}, or change the tunnel's target.`,
    { cause: err },
  );
}

/** The SOCKS reply that matches a forwarding failure. */
export function socksReplyFor(error: OpsdeckError): SocksReplyCode {
  if (error.code === 'TUNNEL_FORWARDING_DISABLED') return SocksReply.notAllowed;
  if (error.code === 'TUNNEL_TARGET_UNREACHABLE')
    return /refused/i.test(error.message)
      ? SocksReply.connectionRefused
      : SocksReply.hostUnreachable;
  return SocksReply.generalFailure;
}

/** Anything thrown, as an OpsdeckError (unknown errors become INTERNAL). */
export function asOpsdeckError(err: unknown): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const e = toErrorShape(err);
  return new OpsdeckError(e.code, e.message, e.hint, { cause: err });
}
