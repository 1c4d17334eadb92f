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
  /** The command's stdout, with `mysqlbinlog` printing `out` and `err` and exiting `code`. */
  const scan = (out: string, err: string, code: number) => {
    const bin = join(dir, `bin-${code}`);
    execFileSync('mkdir', ['-p', bin]);
    for (const name of ['mariadb-binlog', 'mysqlbinlog']) {
      const fake = join(bin, name);
      writeFileSync(
        fake,
        `#!/bin/sh\nprintf '%s\\n' '${out}'\nprintf '%s\\n' '${err}' >&2\nexit ${code}\n`,
      );
      chmodSync(fake, 0o755);
    }
    const command = masterTailCommand(host, {
      flavor: 'mariadb',
      logBinBasename: join(dir, 'mysql-bin'),
    });
    const r = execFileSync('sh', ['-c', command], {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    }).toString();
    return r;
  };

  it('read to its end: exact', () => {
    const out = scan('#GTID 0-1-41 trans\n#GTID 0-1-42 trans', '', 0);
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'binlog-over-ssh',
      executed: '0-1-42',
    });
  });

  it('stopped at a truncated last event (a crashed master): what came before is exact', () => {
    const out = scan(
      '#GTID 0-1-41 trans\n#GTID 0-1-42 trans',
      "ERROR: Error in Log_event::read_log_event(): 'read error', data_len: 8206, event_type: 2",
      1,
    );
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'binlog-over-ssh',
      executed: '0-1-42',
    });
  });

  it('a file it could not open leaves a gap: at least what was read, never called exact', () => {
    const out = scan(
      '#GTID 0-1-41 trans',
      'ERROR: Could not open log file: File \'./mysql-bin.000002\' not found (Errcode: 13 "Permission denied")',
      1,
    );
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'last-probe',
      executed: '0-1-41',
    });
  });

  it('nothing readable: the last probe', () => {
    const out = scan('', 'ERROR: Could not open log file', 1);
    expect(parseMasterTail(out, '0-1-40', 'mariadb', at)).toMatchObject({
      source: 'last-probe',
      executed: '0-1-40',
    });
    expect(parseMasterTail(out, undefined, 'mariadb', at)).toBeUndefined();
  });
});
