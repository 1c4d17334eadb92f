import { describe, expect, it } from 'vitest';
import { planSettingEdits } from './edit-plan';
import { readOptionTree, type ReadBatch } from './option-tree';

const MAIN = '/etc/mysql/mariadb.conf.d/50-server.cnf';
const files: Record<string, string> = {
  '/etc/mysql/my.cnf':
    '[client-server]\nsocket = /run/mysqld/mysqld.sock\n!includedir /etc/mysql/mariadb.conf.d/\n',
  [MAIN]: '[mysqld]\nbind-address = 127.0.0.1\nserver-id = 1\nreplicate_wild_ignore_table = a.%\n',
  '/etc/mysql/mariadb.conf.d/90-local.cnf':
    '[mariadb]\nserver_id = 5\nskip-log-bin\nreplicate-wild-ignore-table = b.%\n',
};
const tree = () =>
  readOptionTree(['/etc/mysql/my.cnf'], async (paths): Promise<ReadBatch> => {
    const batch: ReadBatch = { files: [], dirs: [], missing: [], unreadable: [] };
    for (const p of paths) {
      if (p === '/etc/mysql/mariadb.conf.d')
        batch.dirs.push({
          path: p,
          files: Object.keys(files).filter((f) => f.startsWith(`${p}/`)),
        });
      if (files[p] !== undefined) batch.files.push({ path: p, realPath: p, content: files[p] });
      const inDir =
        p === '/etc/mysql/mariadb.conf.d'
          ? Object.keys(files).filter((f) => f.startsWith(`${p}/`))
          : [];
      for (const f of inDir)
        batch.files.push({ path: f, realPath: f, content: files[f] as string });
    }
    return batch;
  });

describe('where a setting is changed', () => {
  it('a setting defined twice is changed where it wins, and the plan says so', async () => {
    const plan = planSettingEdits(await tree(), { server_id: '2' }, MAIN);
    expect(plan.edits).toEqual([
      { path: '/etc/mysql/mariadb.conf.d/90-local.cnf', settings: { server_id: '2' } },
    ]);
    expect(plan.notes).toEqual([
      'server_id is set in /etc/mysql/mariadb.conf.d/50-server.cnf:3, /etc/mysql/mariadb.conf.d/90-local.cnf:2; /etc/mysql/mariadb.conf.d/90-local.cnf:2 wins (read last), so it is changed there',
    ]);
  });

  it('a new setting goes to the main server file', async () => {
    const plan = planSettingEdits(
      await tree(),
      { log_bin: 'mysql-bin', binlog_format: 'ROW' },
      MAIN,
    );
    expect(plan.edits).toEqual([
      { path: MAIN, settings: { log_bin: 'mysql-bin', binlog_format: 'ROW' } },
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('a removal takes the setting out of every file that has it', async () => {
    const plan = planSettingEdits(await tree(), { skip_log_bin: null }, MAIN);
    expect(plan.edits).toEqual([
      { path: '/etc/mysql/mariadb.conf.d/90-local.cnf', settings: { skip_log_bin: null } },
    ]);
  });

  it('a list of values lives in one file; the other files lose theirs (they would still count)', async () => {
    const plan = planSettingEdits(await tree(), { replicate_wild_ignore_table: ['c.%'] }, MAIN);
    expect(plan.edits).toEqual([
      {
        path: '/etc/mysql/mariadb.conf.d/90-local.cnf',
        settings: { replicate_wild_ignore_table: ['c.%'] },
      },
      { path: MAIN, settings: { replicate_wild_ignore_table: null } },
    ]);
  });
});
