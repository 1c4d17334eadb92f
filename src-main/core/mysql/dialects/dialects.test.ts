import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReplicaStatus } from '../status-parse';
import type { Row } from '../sql-row';
import { detectServer, dialectOf } from './detect';
import { parseBinlogInfo } from './dialect';

const status = (name: string) =>
  parseReplicaStatus(
    (
      JSON.parse(
        readFileSync(
          new URL(`../../../../testing/samples/mysql/${name}.json`, import.meta.url),
          'utf8',
        ),
      ) as Row[]
    )[0] as Row,
  );

describe('dialect detection', () => {
  it.each([
    ['10.11.19-MariaDB-0+deb12u1-log', 'Debian 12', 'mariadb', 'mariadb'],
    ['5.7.44-log', 'MySQL Community Server (GPL)', 'mysql', 'mysql57'],
    ['8.0.21', 'MySQL Community Server - GPL', 'mysql', 'mysql57'],
    ['8.0.22', 'MySQL Community Server - GPL', 'mysql', 'mysql8'],
    ['8.4.3', 'MySQL Community Server - GPL', 'mysql', 'mysql8'],
    ['5.7.44-48', 'Percona Server (GPL), Release 48', 'percona', 'mysql57'],
    ['8.0.36-28', 'Percona Server (GPL), Release 28', 'percona', 'mysql8'],
  ])('%s (%s) → %s, %s', (version, comment, flavor, id) => {
    expect(detectServer(version, comment).flavor).toBe(flavor);
    expect(dialectOf(version, comment).id).toBe(id);
  });
});

describe('dialect vocabulary', () => {
  const maria = dialectOf('10.11.19-MariaDB');
  const my57 = dialectOf('5.7.44');
  const my80 = dialectOf('8.0.35');
  const my84 = dialectOf('8.4.3');
  const base = { host: 'db1', port: 3306, user: 'repl', password: "p'w" };

  it('status, replicas, start/stop, binlog status', () => {
    expect([maria.replicaStatusSql, my57.replicaStatusSql, my80.replicaStatusSql]).toEqual([
      'SHOW ALL SLAVES STATUS',
      'SHOW SLAVE STATUS',
      'SHOW REPLICA STATUS',
    ]);
    expect([maria.replicaHostsSql, my57.replicaHostsSql, my80.replicaHostsSql]).toEqual([
      'SHOW SLAVE HOSTS',
      'SHOW SLAVE HOSTS',
      'SHOW REPLICAS',
    ]);
    expect([my80.startReplicaSql, my57.stopReplicaSql, maria.resetReplicaAllSql]).toEqual([
      'START REPLICA',
      'STOP SLAVE',
      'RESET SLAVE ALL',
    ]);
    expect([my80.binlogStatusSql, my84.binlogStatusSql]).toEqual([
      'SHOW MASTER STATUS',
      'SHOW BINARY LOG STATUS',
    ]);
  });

  it('CHANGE MASTER / CHANGE REPLICATION SOURCE, by GTID and by position, quoting values', () => {
    expect(maria.changeSource({ ...base, gtid: true })).toBe(
      "CHANGE MASTER TO MASTER_HOST='db1', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='p''w', MASTER_CONNECT_RETRY=10, MASTER_USE_GTID=slave_pos",
    );
    expect(
      maria.changeSource({ ...base, gtid: false, logFile: 'mysql-bin.000002', logPos: 42 }),
    ).toMatch(/MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=42, MASTER_USE_GTID=no$/);
    expect(my57.changeSource({ ...base, gtid: true })).toMatch(
      /^CHANGE MASTER TO .*MASTER_AUTO_POSITION=1$/,
    );
    expect(
      my80.changeSource({ ...base, gtid: false, logFile: 'binlog.000003', logPos: 157 }),
    ).toMatch(
      /^CHANGE REPLICATION SOURCE TO SOURCE_HOST='db1', .*GET_SOURCE_PUBLIC_KEY=1, SOURCE_LOG_FILE='binlog.000003', SOURCE_LOG_POS=157$/,
    );
  });

  it('GTID start position: gtid_slave_pos on MariaDB, gtid_purged on MySQL', () => {
    expect(maria.gtidStart('0-1-42')).toEqual(["SET GLOBAL gtid_slave_pos = '0-1-42'"]);
    expect(my80.gtidStart('u:1-5')).toEqual(['RESET MASTER', "SET GLOBAL gtid_purged = 'u:1-5'"]);
    expect(my84.gtidStart('u:1-5')[0]).toBe('RESET BINARY LOGS AND GTIDS');
  });

  it('skipping one event: skip counter, or an empty transaction under MySQL auto-position', () => {
    expect(maria.skipEvent(status('mariadb-10.11-sql-error'))).toEqual([
      'STOP SLAVE',
      'SET GLOBAL sql_slave_skip_counter = 1',
      'START SLAVE',
    ]);
    expect(my80.skipEvent(status('mysql-8.0-sql-error'))).toEqual([
      'STOP REPLICA',
      "SET GTID_NEXT = '73f86016-978b-11ee-ade5-8d2a2a562feb:4'",
      'BEGIN',
      'COMMIT',
      "SET GTID_NEXT = 'AUTOMATIC'",
      'START REPLICA',
    ]);
    expect(my57.skipEvent(status('percona-5.7-io-error'))).toEqual([
      'STOP SLAVE',
      'SET GLOBAL sql_slave_skip_counter = 1',
      'START SLAVE',
    ]);
  });

  it('replication accounts and filters', () => {
    expect(maria.replicationUser('repl_db2', '127.0.0.1', 'x')).toEqual([
      "CREATE USER IF NOT EXISTS 'repl_db2'@'127.0.0.1' IDENTIFIED BY 'x'",
      "ALTER USER 'repl_db2'@'127.0.0.1' IDENTIFIED BY 'x'",
      "GRANT REPLICATION SLAVE ON *.* TO 'repl_db2'@'127.0.0.1'",
    ]);
    expect(my80.replicationUser('r', '%', 'x')[0]).toContain('caching_sha2_password');
    expect(my57.replicationUser('r', '%', 'x')[0]).toContain('mysql_native_password');
    expect(my80.relayEvents({ relayLogFile: 'relay.000002', relayLogPos: 4 } as never, 2)).toBe(
      "SHOW RELAYLOG EVENTS IN 'relay.000002' FROM 4 LIMIT 2",
    );
    expect(maria.wildIgnore(['a.%', 'b.tmp%'])).toBe(
      "SET GLOBAL replicate_wild_ignore_table = 'a.%,b.tmp%'",
    );
    expect(my57.wildIgnore(['a.%'])).toBe(
      "CHANGE REPLICATION FILTER REPLICATE_WILD_IGNORE_TABLE = ('a.%')",
    );
  });

  it('reads seed coordinates from dump comments and backup info files', () => {
    expect(
      maria.parseDumpLine(
        "-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=328;",
      ),
    ).toEqual({ file: 'mysql-bin.000001', position: 328 });
    expect(maria.parseDumpLine("-- SET GLOBAL gtid_slave_pos='0-1-135229';")).toEqual({
      gtid: '0-1-135229',
    });
    expect(maria.parseDumpLine('-- Dump completed')).toBeUndefined();
    expect(
      my80.parseDumpLine(
        "-- CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000002', SOURCE_LOG_POS=157;",
      ),
    ).toEqual({ file: 'binlog.000002', position: 157 });
    expect(
      my57.parseDumpLine(
        "/* SET @@GLOBAL.GTID_PURGED='+3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5'*/;",
      ),
    ).toEqual({ gtid: '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5' });
    expect(parseBinlogInfo('mysql-bin.000001\t41567276\t0-1-136641\n')).toEqual({
      file: 'mysql-bin.000001',
      position: 41567276,
      gtid: '0-1-136641',
    });
    expect(parseBinlogInfo('binlog.000003\t157\n')).toEqual({
      file: 'binlog.000003',
      position: 157,
    });
  });

  it('dump and backup commands per flavor', () => {
    expect(maria.dumpCommand({ databases: ['a', "b'c"], gtid: true })).toBe(
      "mariadb-dump --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database --databases -- 'a' 'b'\\''c'",
    );
    expect(my80.dumpCommand({ databases: ['a'], gtid: true })).toMatch(
      /^mysqldump --single-transaction --source-data=2 --set-gtid-purged=COMMENTED /,
    );
    expect(my57.dumpCommand({ databases: ['a'], gtid: false })).toMatch(
      /--master-data=2 --set-gtid-purged=OFF/,
    );
    expect(maria.hotBackup.extract('/var/lib/x')).toBe("mbstream -x -C '/var/lib/x'");
    expect(my80.hotBackup.extract('/var/lib/x')).toBe("xbstream -x -C '/var/lib/x'");
    expect(my80.hotBackup.backup).toMatch(/^xtrabackup --backup --stream=xbstream/);
  });

  it('database names from the master can never be options of the dump tool (issue 12 #3)', () => {
    for (const d of [maria, my80, my57]) {
      const cmd = d.dumpCommand({ databases: ['shop', 'a b'], gtid: false });
      expect(cmd).toMatch(/ --databases -- 'shop' 'a b'$/);
      for (const bad of ['--result-file=/tmp/x', '-r/tmp/x', 'a\nb', ''])
        expect(() => d.dumpCommand({ databases: ['shop', bad], gtid: false })).toThrow(
          expect.objectContaining({ code: 'INVALID_PARAMS' }),
        );
    }
  });

  it('backup directories must be absolute, clean paths', () => {
    for (const d of [maria, my80]) {
      expect(() => d.hotBackup.extract('-x')).toThrow(/option/);
      expect(() => d.hotBackup.prepare('rel/dir')).toThrow(/absolute/);
      expect(() => d.hotBackup.copyBack('/s', '/var/lib/mysql\n/etc')).toThrow(/control/);
    }
  });
});
