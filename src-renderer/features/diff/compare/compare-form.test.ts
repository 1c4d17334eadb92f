import { describe, expect, it } from 'vitest';
import { emptyRow, rowsForHosts, sourcesOf } from './compare-form';

const now = new Date('2024-05-02T12:00:00Z');

describe('compare form', () => {
  it('turns rows into sources: host file, snapshot as of yesterday or by id, local, template', () => {
    const r = sourcesOf(
      [
        emptyRow('db1', '/etc/mysql/my.cnf'),
        { kind: 'snapshot', hostId: 'db1', path: '/etc/mysql/my.cnf', snapshot: 'yesterday' },
        { kind: 'snapshot', hostId: 'db1', path: '/etc/mysql/my.cnf', snapshot: '12' },
      ],
      now,
    );
    expect(r).toEqual({
      ok: true,
      sources: [
        { kind: 'host', hostId: 'db1', path: '/etc/mysql/my.cnf' },
        {
          kind: 'snapshot-at',
          hostId: 'db1',
          path: '/etc/mysql/my.cnf',
          at: '2024-05-01T12:00:00.000Z',
        },
        { kind: 'snapshot', snapshotId: 12 },
      ],
    });
    expect(
      sourcesOf(
        [
          { ...emptyRow(), kind: 'local', path: '/tmp/my.cnf' },
          { ...emptyRow('db2'), kind: 'template', path: '/srv/t/my.cnf.tmpl' },
        ],
        now,
      ),
    ).toMatchObject({
      ok: true,
      sources: [{ kind: 'local' }, { kind: 'template', hostId: 'db2' }],
    });
  });

  it('says what is missing, row by row', () => {
    expect(sourcesOf([emptyRow('db1', '/etc/x'), emptyRow('', 'etc/x')], now)).toEqual({
      ok: false,
      errors: ['File 2: pick a host.'],
    });
    expect(sourcesOf([emptyRow('db1', '/etc/x'), emptyRow('db2', 'etc/x')], now)).toMatchObject({
      errors: ['File 2: use an absolute path on the host (/etc/…).'],
    });
    expect(sourcesOf([emptyRow('db1', '/etc/x'), emptyRow('db1', '/etc/x')], now)).toMatchObject({
      errors: ['Two rows name the same file.'],
    });
    expect(sourcesOf([emptyRow('db1', '/etc/x')], now)).toMatchObject({
      errors: ['Compare at least two files.'],
    });
  });

  it('prefills rows from a host selection (two or three hosts, same path)', () => {
    expect(rowsForHosts(['a'], '/etc/x').map((r) => r.hostId)).toEqual(['a', '']);
    expect(rowsForHosts(['a', 'b', 'c', 'd'], '/etc/x').map((r) => r.hostId)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
