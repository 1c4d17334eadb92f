import type { Host } from '../../contract';
import type { MysqlTarget } from './errors';

/**
 * How Opsdeck logs in to a host's MySQL: the host's login (SSH tunnel, direct TCP or its socket),
 * or — when it has none — root over SSH to the server's unix socket (socket authentication, as
 * Debian, Ubuntu and RHEL install MariaDB/MySQL), through `sudo -n` when the SSH login is not root.
 */
export function mysqlTarget(host: Host): MysqlTarget {
  const m = host.mysql;
  if (!m || m.via === 'ssh-socket') {
    const user = m?.user ?? 'root';
    return {
      name: host.name,
      via: 'ssh-socket',
      user,
      hasPassword: Boolean(m?.secretRef),
      socket: m?.socket ?? host.profile.mysqlSocket,
      sshUser: host.user,
      // The SSH login reaches the socket as itself: fine for MySQL user = that login; root needs sudo.
      sudo: host.user !== user,
      bridge: host.profile.mysqlSocketBridge,
      automatic: !m,
    };
  }
  return {
    name: host.name,
    via: m.via,
    address: m.address ?? host.address,
    port: m.port,
    user: m.user,
    hasPassword: Boolean(m.secretRef),
    ...(m.via === 'direct' && m.tls === 'verify' ? { tls: true } : {}),
  };
}
