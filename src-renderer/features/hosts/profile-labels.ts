import type { ProfileKey } from '../../../src-main/contract';

/** Labels, examples and choices of the server profile's values, for the form and the host view. */
export const PROFILE_FIELDS: ReadonlyArray<{
  key: ProfileKey;
  label: string;
  example?: string;
  choices?: readonly string[];
}> = [
  { key: 'sudo', label: 'Sudo', choices: ['yes', 'no'] },
  { key: 'mysqlFlavor', label: 'MySQL flavor', choices: ['mysql', 'mariadb', 'percona'] },
  { key: 'mysqlVersion', label: 'MySQL version', example: '10.11.6' },
  {
    key: 'mysqlConfigPath',
    label: 'Config file',
    example: '/etc/mysql/mariadb.conf.d/50-server.cnf',
  },
  { key: 'mysqlDataDir', label: 'Data dir', example: '/var/lib/mysql' },
  { key: 'mysqlSocket', label: 'Socket', example: '/run/mysqld/mysqld.sock' },
  { key: 'serviceManager', label: 'Service manager', choices: ['systemd', 'sysv', 'other'] },
  { key: 'mysqlServiceName', label: 'Service name', example: 'mariadb' },
  { key: 'mysqlServiceStart', label: 'Start', example: 'systemctl start mariadb' },
  { key: 'mysqlServiceStop', label: 'Stop', example: 'systemctl stop mariadb' },
  { key: 'mysqlServiceRestart', label: 'Restart', example: 'systemctl restart mariadb' },
  { key: 'mysqlSocketBridge', label: 'Socket relay', choices: ['socat', 'python3', 'perl'] },
  { key: 'haproxyConfigPath', label: 'HAProxy config', example: '/etc/haproxy/haproxy.cfg' },
  { key: 'haproxyStatsSocket', label: 'HAProxy socket', example: '/run/haproxy/admin.sock' },
  { key: 'haproxyServiceReload', label: 'HAProxy reload', example: 'systemctl reload haproxy' },
  { key: 'haproxyServiceRestart', label: 'HAProxy restart', example: 'systemctl restart haproxy' },
];
