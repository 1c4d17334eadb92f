import { OpsdeckError } from '../../contract';

/** What the error message needs to know about the connection attempt. */
export interface ConnectErrorContext {
  name: string;
  address: string;
  port: number;
  user: string;
  /** Human descriptions of the auth attempts made, e.g. `publickey (key /root/.ssh/id_ed25519)`. */
  authTried?: string[];
  /** Methods the server said it would still accept (from its last USERAUTH_FAILURE). */
  serverMethods?: string[];
  timeoutMs?: number;
  /** Set when the connection goes through a jump host. */
  via?: string;
}

interface NodeishError {
  code?: unknown;
  level?: unknown;
  message?: unknown;
}

const where = (c: ConnectErrorContext) =>
  c.name === c.address ? `${c.address}:${c.port}` : `${c.name} (${c.address}:${c.port})`;

/**
 * Turn whatever Node's socket layer or ssh2 raised during connect into a stable OpsdeckError.
 * Pure: no I/O, so every branch is unit-tested.
 */
export function mapConnectError(err: unknown, ctx: ConnectErrorContext): OpsdeckError {
  if (err instanceof OpsdeckError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodeishError;
  const code = typeof e.code === 'string' ? e.code : '';
  const level = typeof e.level === 'string' ? e.level : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const at = where(ctx);
  const via = ctx.via ? ` through ${ctx.via}` : '';
  const opts = { cause: err };

  if (
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EAI_NONAME' ||
    level === 'client-dns'
  ) {
    return new OpsdeckError(
      'SSH_DNS_FAILED',
      `Cannot resolve the address of ${at}: ${code || message}.`,
      code === 'EAI_AGAIN'
        ? 'The DNS server did not answer; check the network/VPN and retry.'
        : `Check the spelling of "${ctx.address}" or use an IP address.`,
      opts,
    );
  }
  if (code === 'ECONNREFUSED' || /connection refused/i.test(message)) {
    return new OpsdeckError(
      'SSH_REFUSED',
      `${at} refused the SSH connection${via}.`,
      `Is sshd running on port ${ctx.port}? Check the port number and any firewall in between.`,
      opts,
    );
  }
  if (code === 'ETIMEDOUT' || level === 'client-timeout') {
    const after = ctx.timeoutMs ? ` within ${Math.round(ctx.timeoutMs / 1000)}s` : '';
    return new OpsdeckError(
      'SSH_TIMEOUT',
      `${at} did not complete the SSH handshake${after}${via}.`,
      'The host may be down, a firewall may be dropping packets, or sshd is overloaded. Check it is up and the port is open.',
      opts,
    );
  }
  if (
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EHOSTDOWN' ||
    code === 'ENETDOWN'
  ) {
    return new OpsdeckError(
      'SSH_UNREACHABLE',
      `${at} is unreachable from this machine (${code})${via}.`,
      'Check the address, your network/VPN and routing to that host.',
      opts,
    );
  }
  if (level === 'client-authentication' || level === 'agent') {
    const tried = ctx.authTried?.length ? ctx.authTried.join(', ') : 'none';
    const server = ctx.serverMethods?.length
      ? ` The server accepts: ${ctx.serverMethods.join(', ')}.`
      : '';
    const detail = level === 'agent' ? ` (agent error: ${message})` : '';
    return new OpsdeckError(
      'SSH_AUTH_FAILED',
      `Authentication as ${ctx.user} on ${at} failed${detail}; tried: ${tried}.${server}`,
      authHint(ctx),
      opts,
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /connection lost before handshake/i.test(message)
  ) {
    return new OpsdeckError(
      'SSH_UNREACHABLE',
      `${at} closed the connection before the SSH session was set up${via}.`,
      'sshd may be rejecting this client (MaxStartups, fail2ban, TCP wrappers), or the port is not an SSH server.',
      opts,
    );
  }
  if (/host denied/i.test(message)) {
    return new OpsdeckError(
      'HOST_KEY_REJECTED',
      `The host key of ${at} was not accepted; nothing was sent to it.`,
      'Connect again and review the host-key question.',
      opts,
    );
  }
  if (level === 'handshake' || level === 'protocol') {
    return new OpsdeckError(
      'SSH_UNREACHABLE',
      `The SSH handshake with ${at} failed: ${message}.`,
      'The server may offer only algorithms Opsdeck does not support, or it is not an SSH server.',
      opts,
    );
  }
  return new OpsdeckError(
    'SSH_UNREACHABLE',
    `Could not connect to ${at}${via}: ${message}${code && !message.includes(code) ? ` (${code})` : ''}.`,
    'Check that the host is up and sshd is reachable on that port.',
    opts,
  );
}

function authHint(ctx: ConnectErrorContext): string {
  const tried = (ctx.authTried ?? []).join(' ');
  if (/agent/.test(tried)) {
    return `Check that your agent holds a key (ssh-add -l) whose public half is in ~${ctx.user}/.ssh/authorized_keys on ${ctx.name}, and that the user name is right.`;
  }
  if (/publickey/.test(tried)) {
    return `Check that the matching public key is in ~${ctx.user}/.ssh/authorized_keys on ${ctx.name}, and that the user name is right.`;
  }
  if (/password/.test(tried)) {
    return `Check the user name and set the password again (edit the host); the server may also disallow password logins.`;
  }
  return 'Configure an authentication method for this host (agent, key file or password).';
}
