import { describe, expect, it } from 'vitest';
import { mariadbDialect } from '../../mysql/dialects/mariadb';
import { loadCommand, replayCommand } from './restore-commands';

const maria = mariadbDialect({ major: 10, minor: 11, patch: 19 });

describe('restore commands', () => {
  it('loads each kind from stdin', () => {
    const o = { staging: '/var/lib/.opsdeck-restore-x', threads: 4 };
    expect(loadCommand({ kind: 'dump', tool: 'mariadb-dump', compression: 'zstd' }, maria, o)).toBe(
      "{ echo 'SET SESSION sql_log_bin = 0;'; zstd -q -dc; } | mariadb",
    );
    expect(loadCommand({ kind: 'dump', tool: 'mydumper', compression: 'gzip' }, maria, o)).toBe(
      `trap "rm -rf '/var/lib/.opsdeck-restore-x'" EXIT; rm -rf '/var/lib/.opsdeck-restore-x' && mkdir -p '/var/lib/.opsdeck-restore-x' && gzip -dc | tar -xf - -C '/var/lib/.opsdeck-restore-x' && myloader -d '/var/lib/.opsdeck-restore-x' -o -t 4`,
    );
    expect(
      loadCommand({ kind: 'hot', tool: 'mariabackup', compression: 'zstd' }, maria, o),
    ).toMatch(/&& zstd -q -dc \| mbstream -x -C '\/var\/lib\/\.opsdeck-restore-x'$/);
  });

  it('replays binlogs from the backup position up to a GTID (inclusive) or a time', () => {
    const base = {
      dir: '/var/lib/mysql',
      files: ['mysql-bin.000003', 'mysql-bin.000004'],
      startPosition: 1118,
    };
    expect(replayCommand(maria, { ...base, until: { gtid: '0-1-6' } })).toBe(
      "cd '/var/lib/mysql' && mariadb-binlog --start-position=1118 --stop-position='0-1-6' 'mysql-bin.000003' 'mysql-bin.000004'",
    );
    expect(replayCommand(maria, { ...base, until: { time: '2026-12-06T20:42:49' } })).toContain(
      "--stop-datetime='2026-12-06 20:42:49'",
    );
    // Names from the server never become options.
    expect(() =>
      replayCommand(maria, { ...base, files: ['--result-file=/etc/x'], until: { gtid: '0-1-6' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() =>
      replayCommand(maria, { ...base, dir: 'relative', until: { gtid: '0-1-6' } }),
    ).toThrow(/not an absolute path/);
  });
});
