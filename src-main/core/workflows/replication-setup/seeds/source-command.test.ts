import { describe, expect, it } from 'vitest';
import { testHost } from '../../../../../testing/core/test-host';
import { DUMP_COMPLETED, seedSourceCommand } from './source-command';

const sudoLogin = testHost('db1', { user: 'admin' });
const rootLogin = testHost('db1', { user: 'root' });

describe('seed source command', () => {
  it('a throttled dump through sudo keeps pipefail: a dump failing under pv fails the seed', () => {
    expect(seedSourceCommand(sudoLogin, "mariadb-dump --databases -- 'app'", 512)).toBe(
      `sudo -n bash -c 'set -o pipefail; mariadb-dump --databases -- '\\''app'\\'' | pv -q -L 512k'`,
    );
  });

  it('a hot backup through sudo too', () => {
    expect(seedSourceCommand(sudoLogin, 'mariabackup --backup --stream=xbstream', 64)).toMatch(
      /^sudo -n bash -c 'set -o pipefail; mariabackup --backup --stream=xbstream \| pv -q -L 64k'$/,
    );
  });

  it('as root the supervisor (bash with pipefail) runs it as is; unthrottled, no pv', () => {
    expect(seedSourceCommand(rootLogin, 'mariadb-dump x', 64)).toBe(
      'mariadb-dump x | pv -q -L 64k',
    );
    expect(seedSourceCommand(rootLogin, 'mariadb-dump x')).toBe('mariadb-dump x');
  });

  it('knows the dump tool’s last line (and only it)', () => {
    expect(DUMP_COMPLETED.test('-- Dump completed on 2026-12-07 10:41:00')).toBe(true);
    expect(DUMP_COMPLETED.test('-- Dump completed')).toBe(true);
    expect(DUMP_COMPLETED.test('-- Dumping data for table `t`')).toBe(false);
  });
});
