import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definitionsOf, effectiveValue, mainServerFile, readOptionTree } from './option-tree';
import { parseOptionFilesOutput, readOptionFilesScript } from './read-script';

/** A Debian-like /etc/mysql under a temp dir, read with the real script through /bin/sh. */
const root = mkdtempSync(join(tmpdir(), 'opsdeck-options-'));
const etc = join(root, 'etc', 'mysql');
mkdirSync(join(etc, 'conf.d'), { recursive: true });
mkdirSync(join(etc, 'mariadb.conf.d'), { recursive: true });
writeFileSync(
  join(etc, 'mariadb.cnf'),
  `[client-server]\nsocket = /run/mysqld/mysqld.sock\n\n!includedir ${etc}/conf.d/\n!includedir ${etc}/mariadb.conf.d/\n`,
);
symlinkSync(join(etc, 'mariadb.cnf'), join(etc, 'my.cnf'));
writeFileSync(join(etc, 'conf.d', 'mysql.cnf'), '[mysql]\n');
writeFileSync(
  join(etc, 'mariadb.conf.d', '50-server.cnf'),
  '[server]\n\n[mysqld]\npid-file = /run/mysqld/mysqld.pid\nbasedir = /usr\n#server-id = 1\nbind-address = 127.0.0.1\nexpire_logs_days = 10\ncharacter-set-server = utf8mb4\n',
);
writeFileSync(join(etc, 'mariadb.conf.d', '60-galera.cnf'), '[galera]\n#wsrep_on = ON\n');
// A later file that sets what 50-server.cnf sets: it wins.
writeFileSync(
  join(etc, 'mariadb.conf.d', '90-tuning.cnf'),
  '[mysqld]\nserver_id = 7\nbind_address = 0.0.0.0\n',
);
writeFileSync(join(etc, 'mariadb.conf.d', 'README'), 'not read: no .cnf\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readLocally = async (paths: string[]) =>
  parseOptionFilesOutput(
    execFileSync('/bin/sh', ['-c', readOptionFilesScript(paths)], { encoding: 'utf8' }),
  );

describe('option files as the server reads them', () => {
  it('follows !includedir in alphabetical order, only *.cnf, through the my.cnf symlink', async () => {
    const tree = await readOptionTree(
      [join(root, 'etc', 'my.cnf'), join(etc, 'my.cnf')],
      readLocally,
    );
    expect(tree.missing).toEqual([join(root, 'etc', 'my.cnf')]);
    expect(tree.files.map((f) => f.path.slice(etc.length + 1))).toEqual([
      'my.cnf',
      'conf.d/mysql.cnf',
      'mariadb.conf.d/50-server.cnf',
      'mariadb.conf.d/60-galera.cnf',
      'mariadb.conf.d/90-tuning.cnf',
    ]);
    expect(tree.files[0]?.realPath).toBe(join(etc, 'mariadb.cnf'));
  });

  it('the last definition wins, and every definition is known with its line', async () => {
    const tree = await readOptionTree([join(etc, 'my.cnf')], readLocally);
    expect(effectiveValue(tree, 'bind-address')).toBe('0.0.0.0');
    expect(
      definitionsOf(tree, 'bind_address').map((d) => [d.file.slice(etc.length + 1), d.line]),
    ).toEqual([
      ['mariadb.conf.d/50-server.cnf', 7],
      ['mariadb.conf.d/90-tuning.cnf', 3],
    ]);
    expect(effectiveValue(tree, 'socket')).toBe('/run/mysqld/mysqld.sock');
    expect(effectiveValue(tree, 'server_id')).toBe('7');
    expect(effectiveValue(tree, 'log_bin')).toBeUndefined();
  });

  it("the server's main file is the distribution's file when read, else the one with most settings", async () => {
    const tree = await readOptionTree([join(etc, 'my.cnf')], readLocally);
    // Temp paths are not the distribution's: the file with the most server settings wins.
    expect(mainServerFile(tree)).toBe(join(etc, 'mariadb.conf.d', '50-server.cnf'));
    const debian = {
      ...tree,
      files: tree.files.map((f) => ({ ...f, path: f.path.replace(root, '') })),
    };
    expect(mainServerFile(debian)).toBe('/etc/mysql/mariadb.conf.d/50-server.cnf');
  });

  it('keeps file contents byte for byte, with or without a final newline', () => {
    const out = [
      '@@opsdeck-file@@\t/a.cnf\t/a.cnf',
      '[mysqld]',
      'x = 1',
      '',
      '@@opsdeck-end@@',
      '@@opsdeck-file@@\t/b.cnf\t/real/b.cnf',
      '[mysqld]',
      '@@opsdeck-end@@',
      '@@opsdeck-unreadable@@\t/c.cnf',
      '',
    ].join('\n');
    expect(parseOptionFilesOutput(out)).toEqual({
      files: [
        { path: '/a.cnf', realPath: '/a.cnf', content: '[mysqld]\nx = 1\n' },
        { path: '/b.cnf', realPath: '/real/b.cnf', content: '[mysqld]' },
      ],
      dirs: [],
      missing: [],
      unreadable: ['/c.cnf'],
    });
  });
});
