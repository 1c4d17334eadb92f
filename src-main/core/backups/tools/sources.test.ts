import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mariadbDialect } from '../../mysql/dialects/mariadb';
import { mysql8Dialect } from '../../mysql/dialects/mysql8';
import { compressStage, decompressCommand, pickCompression } from './compression';
import {
  compressed,
  DUMP_SNAPSHOT_TAKEN,
  dumpSource,
  lastCopied,
  withoutCounts,
  hotSource,
  mydumperSource,
  parseHotBackupLog,
  parseMydumperMetadata,
} from './sources';

const maria = mariadbDialect({ major: 10, minor: 11, patch: 19 });

describe('backup source commands', () => {
  it('dump: routines, triggers, events, coordinates and GTID, compressed, named by a marker', () => {
    expect(
      dumpSource(maria, {
        backupId: 'b1',
        databases: ['shop', "o'k"],
        binlog: true,
        compression: 'zstd',
      }),
    ).toBe(
      ": opsdeck-backup b1; mariadb-dump --verbose --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database --databases -- 'shop' 'o'\\''k' | zstd -q -c -T0 -3",
    );
  });

  it('dump with the binary log off (a fresh install): no coordinates asked, so the tool does not refuse', () => {
    const cmd = dumpSource(maria, {
      backupId: 'b',
      databases: ['a'],
      binlog: false,
      compression: 'gzip',
    });
    expect(cmd).not.toMatch(/master-data|--gtid/);
    expect(cmd).toMatch(/\| gzip -c -1$/);
    const my = mysql8Dialect({ major: 8, minor: 0, patch: 36 });
    expect(
      dumpSource(my, { backupId: 'b', databases: ['a'], binlog: true, compression: 'none' }),
    ).toMatch(
      /^: opsdeck-backup b; mysqldump --verbose --single-transaction --source-data=2 --set-gtid-purged=COMMENTED/,
    );
  });

  it('mydumper: staging removed on any exit, regex of the databases, metadata on stderr, tar stream', () => {
    const cmd = mydumperSource({
      backupId: 'b2',
      staging: '/var/lib/.opsdeck-backup-b2',
      databases: ['shop', 'a.b'],
      threads: 4,
      compression: 'zstd',
    });
    expect(cmd).toContain(`trap "rm -rf '/var/lib/.opsdeck-backup-b2'" EXIT;`);
    expect(cmd).toContain("--regex '^(shop|a\\.b)\\.'");
    expect(cmd).toContain('-t 4 --trx-consistency-only -G -E -R');
    expect(cmd).toMatch(/tar -C '\/var\/lib\/\.opsdeck-backup-b2' -cf - \. \| zstd/);
  });

  it('knows from the dump tool’s own progress when its snapshot is open', () => {
    expect(
      DUMP_SNAPSHOT_TAKEN.test('-- Connecting to localhost...\n-- Starting transaction...\n'),
    ).toBe(false);
    expect(DUMP_SNAPSHOT_TAKEN.test('-- Starting transaction...\n-- Setting savepoint...\n')).toBe(
      true,
    );
  });

  it('hot backup streams xbstream through the compressor', () => {
    expect(hotSource(maria, { backupId: 'b3', compression: 'zstd' })).toBe(
      ': opsdeck-backup b3; mariabackup --backup --stream=xbstream | zstd -q -c -T0 -3',
    );
  });

  it('reads coordinates from mydumper metadata and the mariabackup log', () => {
    const meta =
      'x\n@@opsdeck-metadata-begin\nStarted dump at: 2026-12-06 20:35:29\nSHOW MASTER STATUS:\n\tLog: mysql-bin.000001\n\tPos: 1118\n\tGTID:0-1-4\n\nFinished dump at: 2026\n@@opsdeck-metadata-end\n';
    expect(parseMydumperMetadata(meta)).toEqual({
      file: 'mysql-bin.000001',
      position: 1118,
      gtid: '0-1-4',
    });
    expect(
      parseHotBackupLog(
        "[00] 2026-12-06 20:35:27 MySQL binlog position: filename 'mysql-bin.000001', position '1118', GTID of the last change '0-1-4'\n",
      ),
    ).toEqual({ file: 'mysql-bin.000001', position: 1118, gtid: '0-1-4' });
    expect(parseHotBackupLog('no binlog here')).toEqual({});
  });

  it('compression: zstd where present, else gzip; a missing tool asked for by name is refused', () => {
    expect(pickCompression('auto', new Set(['zstd', 'gzip']), 'db1')).toBe('zstd');
    expect(pickCompression('auto', new Set(['gzip']), 'db1')).toBe('gzip');
    expect(() => pickCompression('zstd', new Set(['gzip']), 'db1')).toThrow(/db1 has no zstd/);
    expect([compressStage('none'), decompressCommand('gzip')]).toEqual(['', 'gzip -dc']);
  });
});

/** Run a source command the way the supervisor does (bash, pipefail). */
const bash = (command: string) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${command}`], { maxBuffer: 64 * 1024 * 1024 });

describe('counting the data under the compressor', () => {
  it('adds no stage to the pipe: the kernel counts what the compressor reads', () => {
    const cmd = compressed('mariadb-dump x', 'zstd', true);
    expect(cmd).toMatch(/^mariadb-dump x \| \( zstd -q -c -T0 -3 <&0 & z=\$!;/);
    expect(cmd).toContain('/proc/$z/io');
    expect(cmd).not.toMatch(/\bdd\b/);
    // Nothing to count without the host's counters, and an uncompressed stream Opsdeck counts.
    expect(compressed('t', 'gzip', false)).toBe('t | gzip -c -1');
    expect(compressed('t', 'none', true)).toBe('t');
  });

  it('the stream is the compressed data and the last count is the bytes before compression', () => {
    const r = bash(compressed('head -c 3000000 /dev/zero', 'gzip', true));
    expect(r.status).toBe(0);
    expect(gunzipSync(r.stdout).length).toBe(3_000_000);
    const counted = lastCopied(r.stderr.toString());
    // The compressor's own few reads (its locale, /proc) come on top of the data.
    expect(counted).toBeGreaterThanOrEqual(3_000_000);
    expect(counted).toBeLessThan(3_000_000 + 64 * 1024);
    expect(withoutCounts(r.stderr.toString())).toBe('');
  });

  it('a failing tool or compressor fails the pipeline with its own status', () => {
    expect(bash(compressed('{ head -c 1000 /dev/zero; exit 7; }', 'gzip', true)).status).toBe(7);
    expect(
      bash(
        compressed('head -c 1000 /dev/zero', 'gzip', true).replace(
          'gzip -c',
          'gzip --no-such-flag -c',
        ),
      ).status,
    ).not.toBe(0);
  });

  it('progress takes the highest count seen and the log keeps none of them', () => {
    const log =
      'copying t1\n@@opsdeck-read 2048\n@@opsdeck-read 4096\n@@opsdeck-read 0\ncopying t2\n';
    expect(lastCopied(log)).toBe(4096);
    expect(lastCopied('nothing yet')).toBeUndefined();
    expect(withoutCounts(log)).toBe('copying t1\ncopying t2\n');
  });
});
