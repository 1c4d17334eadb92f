import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideMountpoint, parseMountpoint, probeMountpointCommand } from './mountpoint';

const probe = (path: string) =>
  parseMountpoint(execFileSync('sh', ['-c', probeMountpointCommand(path)], { encoding: 'utf8' }));

describe('the mountpoint', () => {
  it('probes a missing, an empty and a non-empty directory, and a file (the real command, locally)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-mp-'));
    try {
      expect(probe(join(dir, 'nope'))).toEqual({
        exists: false,
        directory: false,
        mounted: false,
        entries: 0,
        sample: [],
      });
      expect(probe(dir)).toMatchObject({
        exists: true,
        directory: true,
        mounted: false,
        entries: 0,
      });
      writeFileSync(join(dir, 'ibdata1'), '');
      writeFileSync(join(dir, "it's"), '');
      expect(probe(dir)).toMatchObject({ entries: 2, sample: ['ibdata1', "it's"] });
      expect(probe(join(dir, 'ibdata1'))).toMatchObject({ exists: true, directory: false });
      expect(probe('/')).toMatchObject({ mounted: true, source: expect.any(String) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads findmnt’s source, type and UUID', () => {
    expect(
      parseMountpoint('exists=yes\ndir=yes\nmounted=yes\nentries=3\nsource=/dev/md127 xfs 5d7a\n'),
    ).toMatchObject({
      mounted: true,
      source: '/dev/md127',
      fstype: 'xfs',
      uuid: '5d7a',
    });
  });

  const state = (o: Partial<ReturnType<typeof parseMountpoint>>) => ({
    exists: true,
    directory: true,
    mounted: false,
    entries: 0,
    sample: [],
    ...o,
  });

  it('decides: empty → mount; ours → done; others are refused with what is there', () => {
    const decide = (s: ReturnType<typeof state>, o = {}) =>
      decideMountpoint('db1', '/var/lib/mysql', s, { allowNonEmpty: false, ...o });
    expect(decide(state({}))).toEqual({ kind: 'mount', hidden: 0, sample: [] });
    expect(decide(state({ exists: false, directory: false }))).toMatchObject({ kind: 'mount' });
    expect(decide(state({ mounted: true, uuid: 'u1' }), { ours: 'u1' })).toEqual({ kind: 'ours' });
    expect(() =>
      decide(state({ mounted: true, uuid: 'u2', source: '/dev/sdb1', fstype: 'ext4' }), {
        ours: 'u1',
      }),
    ).toThrow('/dev/sdb1 (ext4) is already mounted at /var/lib/mysql on db1.');
    expect(() => decide(state({ directory: false }))).toThrow('exists and is not a directory');
    expect(() => decide(state({ entries: 7, sample: ['a', 'b', 'c', 'd', 'e'] }))).toThrow(
      '/var/lib/mysql on db1 is not empty (7 entries: a, b, c, d, e, …); mounting over it would hide them.',
    );
    expect(decide(state({ entries: 2, sample: ['a', 'b'] }), { allowNonEmpty: true })).toEqual({
      kind: 'mount',
      hidden: 2,
      sample: ['a', 'b'],
    });
  });
});
