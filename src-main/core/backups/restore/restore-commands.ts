import type { BackupEntry } from '../../../contract';
import type { Dialect } from '../../mysql';
import { shellQuote as q } from '../../common/shell';
import { safeAbsolutePath, safeArgument } from '../../command-args';
import { decompressCommand } from '../tools/compression';

/** The command on the target host that takes the stored bytes on stdin and loads them. */
export function loadCommand(
  entry: Pick<BackupEntry, 'kind' | 'tool' | 'compression'>,
  dialect: Dialect,
  o: { staging: string; threads: number },
): string {
  const dec = decompressCommand(entry.compression);
  const s = q(safeAbsolutePath(o.staging, 'restore staging folder'));
  if (entry.kind === 'hot') {
    const extract = entry.tool === 'xtrabackup' ? 'xbstream' : 'mbstream';
    return `rm -rf ${s} && mkdir -p ${s} && ${dec} | ${extract} -x -C ${s}`;
  }
  if (entry.tool === 'mydumper')
    return `trap "rm -rf ${s}" EXIT; rm -rf ${s} && mkdir -p ${s} && ${dec} | tar -xf - -C ${s} && myloader -d ${s} -o -t ${o.threads}`;
  // The restore is not the target's own history: keep it out of its binary log.
  return `{ echo 'SET SESSION sql_log_bin = 0;'; ${dec}; } | ${dialect.client}`;
}

/**
 * Binlog replay for point-in-time recovery, run on the source: from the backup's coordinates
 * (file:position) through the later binlogs, stopping after a GTID (inclusive) or at a time.
 */
export function replayCommand(
  dialect: Dialect,
  o: {
    dir: string;
    files: readonly string[];
    startPosition: number;
    until: { gtid: string } | { time: string };
  },
): string {
  const tool = dialect.flavor === 'mariadb' ? 'mariadb-binlog' : 'mysqlbinlog';
  const stop =
    'gtid' in o.until
      ? dialect.flavor === 'mariadb'
        ? `--stop-position=${q(o.until.gtid)}`
        : `--include-gtids=${q(o.until.gtid)}`
      : `--stop-datetime=${q(o.until.time.replace('T', ' '))}`;
  // Binlog names come from the server: never one that reads as an option (issue 12 #3).
  const files = o.files.map((f) => q(safeArgument(f, 'binary log name')));
  return `cd ${q(safeAbsolutePath(o.dir, 'binary log folder'))} && ${tool} --start-position=${o.startPosition} ${stop} ${files.join(' ')}`;
}
