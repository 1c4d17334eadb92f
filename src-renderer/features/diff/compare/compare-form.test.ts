import { describe, expect, it } from 'vitest';
import { emptyRow, patchRows, rowsForHosts, sourcesOf } from './compare-form';

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

  it('a path typed in the first row goes to the rows that had its path; other rows keep theirs', () => {
    const rows = rowsForHosts(['db1', 'db2', 'db3'], '/etc/mysql/my.cnf');
    const typed = patchRows(rows, 0, { path: '/etc/haproxy/haproxy.cfg' });
    expect(typed.map((r) => [r.hostId, r.path])).toEqual([
      ['db1', '/etc/haproxy/haproxy.cfg'],
      ['db2', '/etc/haproxy/haproxy.cfg'],
      ['db3', '/etc/haproxy/haproxy.cfg'],
    ]);
    // Row 2 given its own path: it no longer follows the first; editing it moves only it.
    const own = patchRows(typed, 1, { path: '/etc/haproxy/other.cfg' });
    expect(own.map((r) => r.path)).toEqual([
      '/etc/haproxy/haproxy.cfg',
      '/etc/haproxy/other.cfg',
      '/etc/haproxy/haproxy.cfg',
    ]);
    expect(patchRows(own, 0, { path: '/etc/my.cnf' }).map((r) => r.path)).toEqual([
      '/etc/my.cnf',
      '/etc/haproxy/other.cfg',
      '/etc/my.cnf',
    ]);
    // A snapshot of the same file follows; a local file does not take a host path.
    const mixed = patchRows(
      [
        emptyRow('db1', '/etc/a.cnf'),
        { kind: 'snapshot', hostId: 'db1', path: '/etc/a.cnf', snapshot: 'yesterday' },
        { kind: 'local', hostId: '', path: '/etc/a.cnf', snapshot: 'yesterday' },
      ],
      0,
      { path: '/etc/b.cnf' },
    );
    expect(mixed.map((r) => r.path)).toEqual(['/etc/b.cnf', '/etc/b.cnf', '/etc/a.cnf']);
    // Other fields of the first row touch only it.
    expect(patchRows(rows, 0, { hostId: 'db9' }).map((r) => r.hostId)).toEqual([
      'db9',
      'db2',
      'db3',
    ]);
  });
});
