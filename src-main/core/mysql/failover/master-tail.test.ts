import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testHost } from '../../../../testing/core/test-host';
import { masterTailCommand, parseMasterTail } from './master-tail';

const at = new Date('2026-12-07T12:00:00Z');

/**
 * A dead master's tail read from its binlog: the reader's own status decides how sure it is. Run
 * here with a stand-in `mysqlbinlog` (a script on PATH) against a fake binlog index.
 */
describe('reading a dead master’s last GTIDs over SSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-master-tail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'mysql-bin.index'), './mysql-bin.000001\n./mysql-bin.000002\n');
  const host = testHost('db1', { profile: { sudo: false, mysqlFlavor: 'mariadb' } });
  writeFileSync(join(dir, 'mysql-bin.000001'), Buffer.alloc(20_000));
  writeFileSync(join(dir, 'mysql-bin.000002'), Buffer.alloc(10_000));
  /** What the stand-in reader prints (stdout, stderr) and its status, for one file. */
  type Read = [out: string, err: string, code: number];
  const ok = (out: string): Read => [out, '', 0];
  let runs = 0;
  /**
   * The command's stdout, with `mysqlbinlog` reading the older file as `older` says and the newest
   * as `newest` says (the real one stops at the first file it cannot read to the end).
   */
  const scan = (older: Read, newest: Read) => {
    const bin = join(dir, `bin-${++runs}`);
    execFileSync('mkdir', ['-p', bin]);
    const side = ([out, err, code]: Read) =>
      `printf '%s\\n' '${out}'; printf '%s\\n' '${err}' >&2; exit ${code}`;
    for (const name of ['mariadb-binlog', 'mysqlbinlog']) {
      const fake = join(bin, name);
      writeFileSync(
        fake,
        `#!/bin/sh\nfor f; do :; done\ncase "$f" in\n*.000001) ${side(older)};;\n*) ${side(newest)};;\nesac\n`,
      );
      chmodSync(fake, 0o755);
    }
    // A dying host's /tmp may be full or read-only: every read here runs where mktemp fails.
    const mktemp = join(bin, 'mktemp');
    writeFileSync(
      mktemp,
      `#!/bin/sh\necho "mktemp: failed to create file: Read-only file system" >&2\nexit 1\n`,
    );
    chmodSync(mktemp, 0o755);
    const command = masterTailCommand(host, {
      flavor: 'mariadb',
      logBinBasename: join(dir, 'mysql-bin'),
    });
    return execFileSync('sh', ['-c', command], {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    }).toString();
  };
  /** What mariadb-binlog 11 says about a binlog cut short (a crash mid-write); older: 'read error'. */
  const TRUNCATED =
    "ERROR: Error in Log_event::read_log_event(): 'Event truncated', data_len: 8206, event_type: 2";

  it('read to its end: exact (with a /tmp nothing can be written to)', () => {
    const out = scan(ok('#GTID 0-1-40 trans'), ok('#GTID 0-1-41 trans\n#GTID 0-1-42 trans'));
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'binlog-over-ssh',
      executed: '0-1-42',
    });
  });

  it('stopped at a truncated last event (a crashed master): what came before is exact', () => {
    const out = scan(ok('#GTID 0-1-40 trans'), [
      '#GTID 0-1-41 trans\n#GTID 0-1-42 trans',
      `${TRUNCATED}\nERROR: Could not read entry at offset 9000: Error in log format or read error.`,
      1,
    ]);
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'binlog-over-ssh',
      executed: '0-1-42',
    });
  });

  it('a file it could not open leaves a gap: at least what was read, never called exact', () => {
    const out = scan(ok('#GTID 0-1-41 trans'), [
      '',
      'ERROR: Could not open log file: File \'./mysql-bin.000002\' not found (Errcode: 13 "Permission denied")',
      1,
    ]);
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'last-probe',
      executed: '0-1-41',
    });
  });

  it('nothing readable: the last probe', () => {
    const out = scan(['', 'ERROR: Could not open log file', 1], ok('#GTID 0-1-99 trans'));
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'last-probe',
      executed: '0-1-40',
    });
    expect(parseMasterTail(out, undefined, 'mariadb', at)).toBeUndefined();
  });

  it('an error in the older file (the newer one never read) is not exact, even a truncation', () => {
    // A crash, an auto-restart that rotated the log, then death: the newer file holds more.
    const out = scan(
      [
        '#GTID 0-1-41 trans',
        `${TRUNCATED}\nERROR: Could not read entry at offset 19000: Error in log format or read error.`,
        1,
      ],
      ok('#GTID 0-1-42 trans\n#GTID 0-1-43 trans'),
    );
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'last-probe',
      executed: '0-1-41',
    });
  });

  it('a corrupt or unknown event in the newest file is not exact (only a truncation is)', () => {
    // Checksums are off by default in the reader: without them a corrupt event reads as valid.
    expect(masterTailCommand(host, { flavor: 'mariadb' })).toMatch(/--verify-binlog-checksum/);
    for (const err of [
      'ERROR: Event crc check failed! Most likely there is event corruption.\nERROR: Could not read entry at offset 4000: Error in log format or read error.',
      'ERROR: Found invalid event in binary log',
      "ERROR: Error in Log_event::read_log_event(): 'Found invalid event in binary log', data_len: 31, event_type: 166",
    ]) {
      const out = scan(ok('#GTID 0-1-40 trans'), ['#GTID 0-1-41 trans', err, 1]);
      expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
        source: 'last-probe',
        executed: '0-1-41',
      });
    }
  });

  it('a truncation message for an event that ends inside the file is not a cut-off end', () => {
    const out = scan(ok('#GTID 0-1-40 trans'), [
      '#GTID 0-1-41 trans',
      "ERROR: Error in Log_event::read_log_event(): 'read error', data_len: 100, event_type: 2\nERROR: Could not read entry at offset 4000: Error in log format or read error.",
      1,
    ]);
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)?.source).toBe('last-probe');
  });

  it('no report of the reader (or of every file) is not exact', () => {
    expect(parseMasterTail('0-1-41\n', '0-1-40', 'mariadb', at)?.source).toBe('last-probe');
    const out = scan(ok('#GTID 0-1-40 trans'), ok('#GTID 0-1-41 trans'));
    const lastReportCut = out.replace(/@@opsdeck-binlog-reader 2 .*\n?/, '');
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)?.source).toBe('binlog-over-ssh');
    expect(parseMasterTail(lastReportCut, '0-1-40', 'mariadb', at)?.source).toBe('last-probe');
  });
});
