import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../../mysql/dialects/detect';
import { labServices } from '../../../../testing/core/ssh-fixture';
import { sql } from '../../../../testing/lab/mysql-lab';

/**
 * Issue 12 #3 on a real master: a database whose NAME is a mariadb-dump option. Shell quoting
 * alone let `--result-file=…` through as an option (the dump went to a file on the master); now
 * the name is refused by the preflight and by the dump command builder, and never reaches the tool.
 */
const target = `/tmp/opsdeck-injected-${randomBytes(4).toString('hex')}`;
const hostile = `--result-file=${target}`;
let s: Awaited<ReturnType<typeof labServices>>;
const onDb1 = async (command: string) =>
  (await s.core.ssh.exec(s.core.hosts.get('db1'), command)).stdout;

beforeAll(async () => {
  s = await labServices();
  await sql('db1', `CREATE DATABASE IF NOT EXISTS \`${hostile}\``);
});
afterAll(async () => {
  await sql('db1', `DROP DATABASE IF EXISTS \`${hostile}\``);
  await onDb1(`rm -f -- '${target}'`).catch(() => {});
  await s?.dispose();
});

describe('option injection through server-provided database names', () => {
  it('the replication preflight names the database and refuses to copy it', async () => {
    const report = await s.call('mysql.preflight', { master: 'db1', replica: 'db3', seed: 'dump' });
    expect(report.ok).toBe(false);
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        id: 'database-names',
        level: 'error',
        message: expect.stringContaining(JSON.stringify(hostile)),
      }),
    );
  });

  it("the dump command for db1's databases is refused before anything runs; no file appears on db1", async () => {
    const databases = (await sql('db1', 'SHOW DATABASES')).map((r) => String(r.Database));
    expect(databases).toContain(hostile);
    const [v] = await sql('db1', 'SELECT @@version AS v');
    const dialect = dialectOf(String(v?.v));
    let command: string | undefined;
    try {
      command = dialect.dumpCommand({ databases: [hostile], gtid: false });
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_PARAMS' });
    }
    if (command) await onDb1(`${command} > /dev/null 2>&1; true`);
    expect(await onDb1(`test -e '${target}' && echo present || echo absent`)).toBe('absent\n');
  });
});
