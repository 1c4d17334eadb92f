import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mariadbDialect } from '../../mysql/dialects/mariadb';
import { DUMP_ROW_COUNTER, cronScript, installCommands, removeCommands } from './cron-script';

const maria = mariadbDialect({ major: 10, minor: 11, patch: 19 });
const schedule = {
  id: 'sch1',
  name: 'nightly-db1',
  hostName: 'db1',
  kind: 'dump' as const,
  to: 'ssh://db1/var/backups/mysql',
  retention: { daily: 7, weekly: 4, monthly: 6 },
  when: { every: 'day' as const, at: '02:30' },
};
const opts = { dialect: maria, databases: ['shop'], binlog: true, compression: 'zstd' as const };

describe('cron schedules', () => {
  it('a script shown before installing: partial then rename, checks, sha256, manifest, retention', () => {
    const plan = cronScript(schedule, opts);
    expect(plan.line).toBe(
      '30 2 * * * /usr/local/sbin/opsdeck-backup-nightly-db1.sh >> /var/log/opsdeck-backup.log 2>&1 # opsdeck-schedule:sch1',
    );
    expect(plan.script).toContain(
      `mariadb-dump --verbose --single-transaction --master-data=2 --gtid --routines --events --triggers --hex-blob --no-tablespaces --comments --add-drop-database --databases -- 'shop' | zstd -q -c -T0 -3 > "$file.partial"`,
    );
    expect(plan.script).toContain('mv "$file.partial" "$file"');
    expect(plan.script).toContain(`grep -q '^-- Dump completed'`);
    expect(plan.script).toContain('awk -v d=7 -v w=4 -v m=6');
    // The script is valid bash.
    execFileSync('bash', ['-n'], { input: plan.script });
  });

  it('counts the rows of each table in the dump itself (quoted strings with "),(" and escapes do not count)', () => {
    const dump = [
      'USE `shop`;',
      '-- Dumping data for table `a``b`',
      '-- Dumping data for table `items`',
      "INSERT INTO `items` VALUES (1,'x),(y'),(2,'it\\'s),('),(3,NULL);",
      "INSERT INTO `items` VALUES (4,'\\\\');",
      'USE `crm`;',
      '-- Dumping data for table `p"q`',
      'INSERT INTO `p"q` VALUES (1);',
      '-- Dumping data for table `rows`',
      'INSERT INTO `rows` VALUES',
      "(1,'a),'),",
      "(2,'b\\\\'),",
      '(3,NULL);',
      '',
    ].join('\n');
    const out = execFileSync('bash', ['-c', DUMP_ROW_COUNTER], { input: dump }).toString();
    expect(JSON.parse(out)).toEqual([
      { table: 'crm.p"q', rows: 1 },
      { table: 'crm.rows', rows: 3 },
      { table: 'shop.a`b', rows: 0 },
      { table: 'shop.items', rows: 4 },
    ]);
  });

  it('installs with a crontab backup and replaces only its own tagged line; removal takes exactly that line out', () => {
    const plan = cronScript(schedule, opts);
    const install = installCommands(plan, 'sch1', '20260310T0230');
    expect(install).toContain("kept='/var/backups/crontab.root.opsdeck-20260310T0230'");
    expect(install).toContain('(crontab -l 2>/dev/null || true) > "$kept"');
    expect(install).toContain("grep -v -F '# opsdeck-schedule:sch1'");
    execFileSync('bash', ['-n'], { input: install });
    expect(removeCommands(plan, 'sch1', 'x')).toContain(
      "rm -f '/usr/local/sbin/opsdeck-backup-nightly-db1.sh'",
    );
  });

  it('refuses destinations that are not a folder on the cron host, and snapshot sets', () => {
    expect(() => cronScript({ ...schedule, to: 's3://bucket-1/p?account=a' }, opts)).toThrow(
      /ssh:\/\/db1\/path/,
    );
    expect(() => cronScript({ ...schedule, kind: 'snapshot' }, opts)).toThrow(/EC2 API/);
  });
});
