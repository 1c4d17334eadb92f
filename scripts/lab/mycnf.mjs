// @ts-check
/** The MariaDB config of a host: /etc/mysql/my.cnf as seen inside that host. */
import { MYSQL_PORT } from './paths.mjs';

/** Paths inside a host (its namespace); the same on every host. */
export const IN_HOST = {
  myCnf: '/etc/mysql/my.cnf',
  dataDir: '/var/lib/mysql',
  socket: '/run/mysqld/mysqld.sock',
  // Per host: MariaDB deletes every `#sql*` file in its tmpdir when it starts, so a shared /tmp let one
  // host's start (or mariadb-install-db) delete another host's temporary tables mid-statement.
  tmpDir: '/run/mysqld/tmp',
  pidFile: '/run/mysqld/mysqld.pid',
  errorLog: '/var/log/mysql/error.log',
  serviceScript: '/usr/local/sbin/mysql-service',
};

/**
 * @param {import('./paths.mjs').Host} host
 */
export function myCnf(host) {
  return `# MariaDB of lab host ${host.name} (generated once by scripts/lab; edit freely, \`lab up\` keeps it).
[client]
socket = ${IN_HOST.socket}

[mysqld]
user = mysql
server_id = ${host.index}
bind-address = ${host.address}
port = ${MYSQL_PORT}
datadir = ${IN_HOST.dataDir}
socket = ${IN_HOST.socket}
pid-file = ${IN_HOST.pidFile}
tmpdir = ${IN_HOST.tmpDir}
log_error = ${IN_HOST.errorLog}
log_bin = mysql-bin
log_slave_updates = ON
binlog_format = ROW
binlog_expire_logs_seconds = 86400
skip_name_resolve = ON
max_connect_errors = 100000
character_set_server = utf8mb4
collation_server = utf8mb4_general_ci

# Small: up to 20 of these share a 2-core machine.
performance_schema = OFF
innodb_buffer_pool_size = 32M
innodb_log_file_size = 16M
innodb_log_buffer_size = 4M
aria_pagecache_buffer_size = 8M
key_buffer_size = 8M
max_connections = 50
thread_cache_size = 4
table_open_cache = 256
table_definition_cache = 400
tmp_table_size = 8M
max_heap_table_size = 8M
`;
}
