import { describe, expect, it } from 'vitest';
import { parseSource, parseWhen } from './diff-sources';

const now = new Date('2024-05-02T12:00:00Z');

describe('parseSource', () => {
  it('reads host files, snapshots at a time, local files, snapshot ids and templates', () => {
    expect(parseSource('db1:/etc/mysql/my.cnf', now)).toEqual({
      kind: 'host',
      hostId: 'db1',
      path: '/etc/mysql/my.cnf',
    });
    expect(parseSource('db1:/etc/mysql/my.cnf', now, true)).toMatchObject({ sudo: true });
    expect(parseSource('db1:/etc/mysql/my.cnf@yesterday', now)).toEqual({
      kind: 'snapshot-at',
      hostId: 'db1',
      path: '/etc/mysql/my.cnf',
      at: '2024-05-01T12:00:00.000Z',
    });
    expect(parseSource('./my.cnf', now)).toEqual({ kind: 'local', path: './my.cnf' });
    expect(parseSource('/tmp/a:b', now)).toEqual({ kind: 'local', path: '/tmp/a:b' });
    expect(parseSource('C:\\conf\\my.cnf', now)).toEqual({
      kind: 'local',
      path: 'C:\\conf\\my.cnf',
    });
    expect(parseSource('my.cnf', now)).toEqual({ kind: 'local', path: 'my.cnf' });
    expect(parseSource('local:db1:x', now)).toEqual({ kind: 'local', path: 'db1:x' });
    expect(parseSource('snapshot:12', now)).toEqual({ kind: 'snapshot', snapshotId: 12 });
    expect(parseSource('template:./t/my.cnf.tmpl@db2', now)).toEqual({
      kind: 'template',
      path: './t/my.cnf.tmpl',
      hostId: 'db2',
    });
  });

  it('keeps an @ that is not a time as part of the path', () => {
    expect(parseSource('web1:/etc/systemd/system/getty@.service', now)).toMatchObject({
      kind: 'host',
      path: '/etc/systemd/system/getty@.service',
    });
  });

  it('says what is wrong with a bad spec', () => {
    expect(() => parseSource('snapshot:x', now)).toThrow(/positive number/);
    expect(() => parseSource('template:./t', now)).toThrow(/host the template/);
    expect(() => parseSource('db1:', now)).toThrow(/path after the host/);
  });
});

describe('parseWhen', () => {
  it('understands relative times, dates and ISO times', () => {
    expect(parseWhen('2d', now)).toBe('2024-04-30T12:00:00.000Z');
    expect(parseWhen('-3h', now)).toBe('2024-05-02T09:00:00.000Z');
    expect(parseWhen('1w', now)).toBe('2024-04-25T12:00:00.000Z');
    expect(parseWhen('2024-05-01T08:00:00Z', now)).toBe('2024-05-01T08:00:00.000Z');
    expect(new Date(parseWhen('2024-05-01', now)!).getDate()).toBe(1);
    expect(parseWhen('.service', now)).toBeUndefined();
    expect(parseWhen('2024-13-45', now)).toBeUndefined();
  });
});
