import type { Host } from './hosts';

/**
 * How Opsdeck logs in to a host's MySQL, in one line for people (CLI and GUI alike). A host
 * without a login is reached as root over SSH to the server's socket (socket authentication).
 */
export function describeMysqlLogin(
  host: Pick<Host, 'name' | 'user' | 'address' | 'mysql' | 'profile'>,
): string {
  const m = host.mysql;
  if (!m || m.via === 'ssh-socket') {
    const user = m?.user ?? 'root';
    const socket = m?.socket ?? host.profile.mysqlSocket ?? 'the server socket';
    const sudo = host.user !== user ? `, as root through sudo -n from ${host.user}` : '';
    const password = m?.secretRef ? ', password in the vault' : ', socket authentication';
    return `${user} over SSH to ${socket}${sudo}${password}${m ? '' : ' (automatic: no MySQL login set)'}`;
  }
  const where = `${m.user}@${m.address ?? host.address}:${m.port}`;
  const how = m.via === 'ssh-tunnel' ? `through an SSH tunnel from ${host.name}` : directTls(m);
  return `${where} ${how}, ${m.secretRef ? 'password in the vault' : 'no password stored'}`;
}

/** A direct login: with verified TLS (against which CA, which name) or in the clear. */
function directTls(m: NonNullable<Host['mysql']>): string {
  if (m.tls !== 'verify') return 'directly, without TLS';
  const ca = m.caFile ? `CA ${m.caFile}` : "the system's CAs";
  return `directly with verified TLS (${ca}${m.tlsServerName ? `, name ${m.tlsServerName}` : ''})`;
}
