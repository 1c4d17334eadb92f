import type { ReplicaStatus } from '../../../contract';
import { account, quoteString } from '../sql';
import { changeMasterTo, slaveVocabulary } from './change-master';
import {
  databaseWords,
  dirWord,
  formatVersion,
  type ChangeSourceOptions,
  type Dialect,
  type Version,
} from './dialect';

/** MariaDB 10.x / 11.x: SLAVE vocabulary, its own GTID (gtid_slave_pos, MASTER_USE_GTID). */
export function mariadbDialect(version: Version): Dialect {
  return {
    id: 'mariadb',
    flavor: 'mariadb',
    version,
    label: `MariaDB ${formatVersion(version)}`,
    replicaStatusSql: 'SHOW ALL SLAVES STATUS',
    ...slaveVocabulary,
    changeSource: (o: ChangeSourceOptions) =>
      changeMasterTo(o, ['MASTER_USE_GTID=slave_pos'], ['MASTER_USE_GTID=no']),
    gtidStart: (gtid) => [`SET GLOBAL gtid_slave_pos = ${quoteString(gtid)}`],
    // With or without GTID, MariaDB skips the next event group with the skip counter.
    skipEvent: () => ['STOP SLAVE', 'SET GLOBAL sql_slave_skip_counter = 1', 'START SLAVE'],
    replicationUser: (user, host, password) => [
      `CREATE USER IF NOT EXISTS ${account(user, host)} IDENTIFIED BY ${quoteString(password)}`,
      `ALTER USER ${account(user, host)} IDENTIFIED BY ${quoteString(password)}`,
      `GRANT REPLICATION SLAVE ON *.* TO ${account(user, host)}`,
    ],
    wildIgnore: (patterns) =>
      `SET GLOBAL replicate_wild_ignore_table = ${quoteString(patterns.join(','))}`,
    relayEvents: (s: ReplicaStatus, limit) =>
      `SHOW RELAYLOG EVENTS IN ${quoteString(s.relayLogFile)} FROM ${s.relayLogPos} LIMIT ${limit}`,
    client: 'mariadb',
    dumpCommand: ({ databases, gtid, coordinates = true }) =>
      [
        `mariadb-dump --single-transaction${coordinates ? ' --master-data=2' : ''}`,
        gtid && coordinates ? '--gtid' : '',
        '--routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database',
        databaseWords(databases),
      ]
        .filter(Boolean)
        .join(' '),
    parseDumpLine(line) {
      const pos = /^--\s*CHANGE MASTER TO MASTER_LOG_FILE='([^']+)',\s*MASTER_LOG_POS=(\d+)/i.exec(
        line,
      );
      if (pos) return { file: pos[1] as string, position: Number(pos[2]) };
      const gtid = /^--\s*SET GLOBAL gtid_slave_pos='([^']*)'/i.exec(line);
      if (gtid) return { gtid: gtid[1] as string };
      return undefined;
    },
    hotBackup: {
      name: 'mariabackup',
      backup: 'mariabackup --backup --stream=xbstream',
      extract: (dir) => `mbstream -x -C ${dirWord(dir, 'staging folder')}`,
      prepare: (dir) => `mariabackup --prepare --target-dir=${dirWord(dir, 'staging folder')}`,
      copyBack: (dir, datadir) =>
        `mariabackup --copy-back --target-dir=${dirWord(dir, 'staging folder')} --datadir=${dirWord(datadir, 'data directory')}`,
      infoFiles: ['mariadb_backup_binlog_info', 'xtrabackup_binlog_info'],
    },
  };
}
