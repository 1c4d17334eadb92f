import { describe, expect, it } from 'vitest';
import { editMyCnf } from './config-edit';

const LAB = `# lab
[client]
socket = /run/mysqld/mysqld.sock

[mysqld]
user = mysql
server_id = 2
log_bin = mysql-bin
log_slave_updates = ON
binlog_format = ROW

# Small
max_connections = 50
`;

describe('my.cnf editing', () => {
  it('replaces a setting where it is and leaves everything else alone', () => {
    const r = editMyCnf(LAB, { log_slave_updates: 'OFF' });
    expect(r.changes).toEqual(['log_slave_updates: ON → OFF']);
    expect(r.content).toBe(LAB.replace('log_slave_updates = ON', 'log_slave_updates = OFF'));
  });

  it('adds missing settings after the last setting of [mysqld], one line per value', () => {
    const r = editMyCnf(LAB, {
      replicate_wild_ignore_table: ['app.tmp%', 'logs.%'],
      read_only: 'ON',
    });
    expect(r.content).toContain(
      'max_connections = 50\nreplicate_wild_ignore_table = app.tmp%\nreplicate_wild_ignore_table = logs.%\nread_only = ON\n',
    );
    expect(r.changes).toHaveLength(2);
  });

  it('is a no-op when values already match (dash/underscore and case are the same key)', () => {
    const text = '[mysqld]\nlog-slave-updates = on\n';
    expect(editMyCnf(text, { log_slave_updates: 'ON' })).toMatchObject({
      content: text,
      changes: [],
    });
  });

  it('removes duplicates and settings set to null, also in [mariadb] sections', () => {
    const text = '[mysqld]\nskip-log-bin\n[mariadb]\nskip_log_bin\nbinlog_format=MIXED\n';
    const r = editMyCnf(text, { skip_log_bin: null, log_bin: 'mysql-bin', binlog_format: 'ROW' });
    expect(r.content).toBe('[mysqld]\nlog_bin = mysql-bin\n[mariadb]\nbinlog_format = ROW\n');
  });

  it('creates [mysqld] when the file has none, and reports includes', () => {
    const r = editMyCnf('!includedir /etc/mysql/conf.d/\n', { server_id: '7' });
    expect(r.content).toBe('!includedir /etc/mysql/conf.d/\n\n[mysqld]\nserver_id = 7\n');
    expect(r.hasIncludes).toBe(true);
  });
});
