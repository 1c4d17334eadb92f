import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTION_FILES,
  definitionsOf,
  effectiveValue,
  mainServerFile,
  readOptionTree,
  type ReadBatch,
} from '../../mysql/options/option-tree';
import { mysqlProfile, type ServicesFound } from './detect-server';

/**
 * Issue 11 #2 on the other distributions' layouts: the option files as Ubuntu (MySQL 8,
 * `/etc/mysql/mysql.conf.d`) and RHEL (MariaDB and MySQL, `/etc/my.cnf` + `/etc/my.cnf.d`)
 * install them, served by a fake reader at their real paths (the Debian case reads a temp tree
 * with the real script: option-tree.test.ts). Detection must name the file that wins, the data
 * dir, the socket and the service unit of each.
 */

/**
 * A reader over in-memory files (path → content; symlinks as path → target) answering as the
 * real script does: a folder comes with its *.cnf files, read in the same batch.
 */
function fakeReader(files: Record<string, string>, links: Record<string, string> = {}) {
  const real = (p: string): string => (links[p] ? real(links[p]) : p);
  return async (paths: string[]): Promise<ReadBatch> => {
    const batch: ReadBatch = { files: [], dirs: [], missing: [], unreadable: [] };
    for (const path of paths) {
      const target = real(path);
      if (files[target] !== undefined)
        batch.files.push({ path, realPath: target, content: files[target] });
      else {
        // A folder: its *.cnf files, as the script lists them (other names are not read).
        const inDir = Object.keys(files).filter(
          (f) => f.startsWith(`${path}/`) && !f.slice(path.length + 1).includes('/'),
        );
        if (!inDir.length) batch.missing.push(path);
        else {
          const cnf = inDir.filter((f) => f.endsWith('.cnf')).sort();
          batch.dirs.push({ path, files: cnf });
          for (const f of cnf) batch.files.push({ path: f, realPath: f, content: files[f] ?? '' });
        }
      }
    }
    return batch;
  };
}

const found = (units: string[], sockets: string[] = []): ServicesFound => ({
  systemd: true,
  units,
  initScripts: [],
  hasServiceCommand: true,
  haproxy: false,
  bridges: ['socat'],
  serverArgs: [],
  sockets,
});
const root = { user: 'root', sudo: 'root' } as const;

describe('option files and services as Ubuntu and RHEL install MySQL and MariaDB', () => {
  it('Ubuntu 22.04/24.04 MySQL: /etc/mysql/mysql.conf.d/mysqld.cnf wins; its datadir and socket; unit mysql', async () => {
    const reader = fakeReader(
      {
        '/etc/mysql/mysql.cnf':
          '!includedir /etc/mysql/conf.d/\n!includedir /etc/mysql/mysql.conf.d/\n',
        '/etc/mysql/conf.d/mysql.cnf': '[mysql]\n',
        '/etc/mysql/conf.d/mysqldump.cnf':
          '[mysqldump]\nquick\nquote-names\nmax_allowed_packet = 16M\n',
        '/etc/mysql/mysql.conf.d/mysql.cnf': '[mysql]\n',
        '/etc/mysql/mysql.conf.d/mysqld.cnf': [
          '[mysqld]',
          'user\t\t= mysql',
          '# pid-file\t= /var/run/mysqld/mysqld.pid',
          'socket\t= /var/run/mysqld/mysqld.sock',
          '# port\t\t= 3306',
          'datadir\t= /data/mysql',
          'bind-address\t\t= 127.0.0.1',
          'mysqlx-bind-address\t= 127.0.0.1',
          'key_buffer_size\t\t= 16M',
          'max_binlog_size   = 100M',
          '',
        ].join('\n'),
        // A tuning file with more settings than the distribution's: still not where edits go.
        '/etc/mysql/mysql.conf.d/zz-tuning.cnf':
          '[mysqld]\nmax_connections = 500\ninnodb_buffer_pool_size = 4G\ninnodb_log_file_size = 1G\ntable_open_cache = 4000\nthread_cache_size = 64\nbind-address = 0.0.0.0\n',
        '/etc/mysql/mysql.conf.d/README': '[mysqld]\nserver_id = 99\n',
      },
      {
        '/etc/mysql/my.cnf': '/etc/alternatives/my.cnf',
        '/etc/alternatives/my.cnf': '/etc/mysql/mysql.cnf',
      },
    );
    const tree = await readOptionTree(DEFAULT_OPTION_FILES, reader);
    expect(tree.missing).toEqual(['/etc/my.cnf']);
    expect(tree.files.map((f) => f.path)).toEqual([
      '/etc/mysql/my.cnf',
      '/etc/mysql/conf.d/mysql.cnf',
      '/etc/mysql/conf.d/mysqldump.cnf',
      '/etc/mysql/mysql.conf.d/mysql.cnf',
      '/etc/mysql/mysql.conf.d/mysqld.cnf',
      '/etc/mysql/mysql.conf.d/zz-tuning.cnf',
    ]);
    expect(tree.files[0]?.realPath).toBe('/etc/mysql/mysql.cnf');
    expect(mainServerFile(tree)).toBe('/etc/mysql/mysql.conf.d/mysqld.cnf');
    // bind-address in two files: the later one is what the server uses.
    expect(effectiveValue(tree, 'bind_address')).toBe('0.0.0.0');
    expect(definitionsOf(tree, 'bind-address').map((d) => d.file)).toEqual([
      '/etc/mysql/mysql.conf.d/mysqld.cnf',
      '/etc/mysql/mysql.conf.d/zz-tuning.cnf',
    ]);
    expect(effectiveValue(tree, 'server_id')).toBeUndefined();

    const { profile } = mysqlProfile(tree, found(['mysql.service']), root, 'mysql');
    expect(profile).toMatchObject({
      mysqlFlavor: 'mysql',
      mysqlConfigPath: '/etc/mysql/mysql.conf.d/mysqld.cnf',
      mysqlDataDir: '/data/mysql',
      mysqlSocket: '/var/run/mysqld/mysqld.sock',
      serviceManager: 'systemd',
      mysqlServiceName: 'mysql',
      mysqlServiceRestart: 'systemctl restart mysql',
    });
  });

  it('RHEL 9 MariaDB: /etc/my.cnf → /etc/my.cnf.d, mariadb-server.cnf wins; /var/lib/mysql/mysql.sock; unit mariadb', async () => {
    const reader = fakeReader({
      '/etc/my.cnf':
        '#\n# This group is read both by the client and the server\n#\n[client-server]\n\n#\n# include *.cnf from the config directory\n#\n!includedir /etc/my.cnf.d\n\n',
      '/etc/my.cnf.d/auth_gssapi.cnf': '[mariadb]\n#plugin-load-add=auth_gssapi.so\n',
      '/etc/my.cnf.d/client.cnf': '[client]\n\n[client-mariadb]\n',
      '/etc/my.cnf.d/mariadb-server.cnf': [
        '[server]',
        '',
        '[mysqld]',
        'datadir=/var/lib/mysql',
        'socket=/var/lib/mysql/mysql.sock',
        'log-error=/var/log/mariadb/mariadb.log',
        'pid-file=/run/mariadb/mariadb.pid',
        '',
        '[galera]',
        '',
        '[embedded]',
        '',
        '[mariadb]',
        '',
        '[mariadb-10.5]',
        '',
      ].join('\n'),
      '/etc/my.cnf.d/mysql-clients.cnf': '[mysql]\n\n[mysql_upgrade]\n\n[mysqladmin]\n',
      '/etc/my.cnf.d/spider.cnf': '[mariadb]\n#plugin-load-add=ha_spider\n',
    });
    const tree = await readOptionTree(DEFAULT_OPTION_FILES, reader);
    expect(tree.missing).toEqual(['/etc/mysql/my.cnf']);
    expect(tree.files.map((f) => f.path)).toEqual([
      '/etc/my.cnf',
      '/etc/my.cnf.d/auth_gssapi.cnf',
      '/etc/my.cnf.d/client.cnf',
      '/etc/my.cnf.d/mariadb-server.cnf',
      '/etc/my.cnf.d/mysql-clients.cnf',
      '/etc/my.cnf.d/spider.cnf',
    ]);
    expect(mainServerFile(tree)).toBe('/etc/my.cnf.d/mariadb-server.cnf');

    // RHEL's unit is mariadb.service, with mysql/mysqld as aliases: the flavor's own name.
    const units = ['mariadb.service', 'mysql.service', 'mysqld.service'];
    const { profile } = mysqlProfile(tree, found(units), root, 'mariadb');
    expect(profile).toMatchObject({
      mysqlConfigPath: '/etc/my.cnf.d/mariadb-server.cnf',
      mysqlDataDir: '/var/lib/mysql',
      mysqlSocket: '/var/lib/mysql/mysql.sock',
      mysqlServiceName: 'mariadb',
      mysqlServiceRestart: 'systemctl restart mariadb',
    });
  });

  it('RHEL 8/9 MySQL: mysql-server.cnf wins; unit mysqld', async () => {
    const reader = fakeReader({
      '/etc/my.cnf':
        '#\n# This group is read both both by the client and the server\n#\n[client-server]\n\n!includedir /etc/my.cnf.d\n',
      '/etc/my.cnf.d/client.cnf': '[client]\n',
      '/etc/my.cnf.d/mysql-server.cnf':
        '[mysqld]\ndatadir=/var/lib/mysql\nsocket=/var/lib/mysql/mysql.sock\nlog-error=/var/log/mysql/mysqld.log\npid-file=/run/mysqld/mysqld.pid\n',
    });
    const tree = await readOptionTree(DEFAULT_OPTION_FILES, reader);
    const { profile } = mysqlProfile(tree, found(['mysqld.service']), root, 'mysql');
    expect(profile).toMatchObject({
      mysqlConfigPath: '/etc/my.cnf.d/mysql-server.cnf',
      mysqlDataDir: '/var/lib/mysql',
      mysqlSocket: '/var/lib/mysql/mysql.sock',
      mysqlServiceName: 'mysqld',
      mysqlServiceRestart: 'systemctl restart mysqld',
    });
  });

  it('RHEL/CentOS 7 MariaDB: settings in /etc/my.cnf itself are read; new ones go to my.cnf.d/server.cnf, read after it', async () => {
    const reader = fakeReader({
      '/etc/my.cnf':
        '[mysqld]\ndatadir=/srv/mysql\nsocket=/srv/mysql/mysql.sock\nsymbolic-links=0\n\n[mysqld_safe]\nlog-error=/var/log/mariadb/mariadb.log\npid-file=/var/run/mariadb/mariadb.pid\n\n!includedir /etc/my.cnf.d\n',
      '/etc/my.cnf.d/client.cnf': '[client]\n\n[client-mariadb]\n',
      '/etc/my.cnf.d/server.cnf':
        '[server]\n\n[mysqld]\n\n[embedded]\n\n[mysqld-5.5]\n\n[mariadb]\n\n[mariadb-5.5]\n',
    });
    const tree = await readOptionTree(DEFAULT_OPTION_FILES, reader);
    expect(tree.files.map((f) => f.path)).toEqual([
      '/etc/my.cnf',
      '/etc/my.cnf.d/client.cnf',
      '/etc/my.cnf.d/server.cnf',
    ]);
    // server.cnf is read last: a setting written there wins over /etc/my.cnf.
    expect(mainServerFile(tree)).toBe('/etc/my.cnf.d/server.cnf');
    const { profile } = mysqlProfile(tree, found(['mariadb.service']), root, 'mariadb');
    expect(profile).toMatchObject({
      mysqlConfigPath: '/etc/my.cnf.d/server.cnf',
      mysqlDataDir: '/srv/mysql',
      mysqlSocket: '/srv/mysql/mysql.sock',
      mysqlServiceName: 'mariadb',
    });
  });

  it('a layout with only /etc/my.cnf (no folder): that file is the one', async () => {
    const reader = fakeReader({
      '/etc/my.cnf': '[mysqld]\ndatadir=/var/lib/mysql\nsocket=/var/lib/mysql/mysql.sock\n',
    });
    const tree = await readOptionTree(DEFAULT_OPTION_FILES, reader);
    expect(mainServerFile(tree)).toBe('/etc/my.cnf');
    const { profile } = mysqlProfile(tree, found(['mysqld.service']), root, 'mysql');
    expect(profile).toMatchObject({
      mysqlConfigPath: '/etc/my.cnf',
      mysqlSocket: '/var/lib/mysql/mysql.sock',
    });
  });
});
