import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxyConfig } from './config-parse';
import { generateWriterPool } from './pool';
import { generateListenPool } from './pool-section';

const lab = readFileSync(
  join(import.meta.dirname, '../../../testing/samples/haproxy', 'lab-haproxy.cfg'),
  'utf8',
);
const db = (i: number) => ({ name: `db${i}`, address: `10.0.0.${i}`, port: 3306 });

describe('writer pool generation', () => {
  it('makes the candidate the one active server and removes the old master, touching nothing else', () => {
    const pool = generateWriterPool(lab, {
      section: 'writer',
      active: db(2),
      oldMaster: { ...db(1), policy: 'remove' },
      note: 'db2 (failover from db1)',
    });
    expect(pool.changed).toBe(true);
    expect(pool.before).toEqual(['server db1 10.0.0.1:3306 check inter 1s fall 2 rise 2']);
    expect(pool.after).toEqual(['server db2 10.0.0.2:3306 check inter 1s fall 2 rise 2']);
    const writer = parseHaproxyConfig(pool.text).find((s) => s.name === 'writer');
    expect(writer?.servers.map((s) => s.name)).toEqual(['db2']);
    expect(writer?.checks).toEqual(['option mysql-check user haproxy_check post-41']);
    // Every other line is unchanged.
    const strip = (t: string) =>
      t.split('\n').filter((l) => !/server db[12] |opsdeck writer pool/.test(l));
    expect(strip(pool.text)).toEqual(strip(lab));
  });

  it('keeps the old master as backup or disabled, standbys disabled, and is idempotent', () => {
    const spec = {
      section: 'writer',
      active: db(2),
      oldMaster: { ...db(1), policy: 'disabled' as const },
      standbys: [db(3), db(2)],
      note: 'db2',
    };
    const once = generateWriterPool(lab, spec);
    expect(once.after).toEqual([
      'server db2 10.0.0.2:3306 check inter 1s fall 2 rise 2',
      'server db1 10.0.0.1:3306 check inter 1s fall 2 rise 2 disabled',
      'server db3 10.0.0.3:3306 check inter 1s fall 2 rise 2 disabled',
    ]);
    const twice = generateWriterPool(once.text, { ...spec, note: 'db2 again' });
    expect(twice.changed).toBe(false);
    expect(twice.text.split('\n').length).toBe(once.text.split('\n').length);
    const backup = generateWriterPool(lab, {
      ...spec,
      oldMaster: { ...db(1), policy: 'backup' },
      standbys: [],
    });
    expect(backup.after[1]).toMatch(/server db1 .* backup$/);
  });

  it('adds check to a section without server lines when it has a health check, and names missing sections', () => {
    const empty =
      'backend w\n  option mysql-check user hc\n\nbackend r\n  server x 10.0.0.9:3306\n';
    const pool = generateWriterPool(empty, { section: 'w', active: db(2), note: 'n' });
    expect(parseHaproxyConfig(pool.text)[0]?.servers).toEqual([
      expect.objectContaining({ name: 'db2', check: true }),
    ]);
    expect(parseHaproxyConfig(pool.text)[1]?.servers.map((s) => s.name)).toEqual(['x']);
    expect(() => generateWriterPool(empty, { section: 'nope', active: db(2), note: '' })).toThrow(
      /no backend or listen section named "nope"/,
    );
  });
});

describe('listen pool generation (a proxy without a writers’ section)', () => {
  const spec = {
    section: 'mysql_rw',
    bind: '10.0.0.254:3310',
    active: db(1),
    others: [db(2), db(3)],
    othersAs: 'backup' as const,
    checkUser: 'haproxy_check',
    note: 'db1 (new pool)',
  };

  it('appends a tcp listen section: the master the only active server, the others backup, mysql-check with the check user', () => {
    const pool = generateListenPool(lab, spec);
    const rw = parseHaproxyConfig(pool.text).find((s) => s.name === 'mysql_rw');
    expect(rw).toMatchObject({ kind: 'listen', mode: 'tcp', binds: ['10.0.0.254:3310'] });
    expect(rw?.checks).toEqual(['option mysql-check user haproxy_check post-41']);
    expect(rw?.servers.map((s) => [s.name, s.backup, s.check])).toEqual([
      ['db1', false, true],
      ['db2', true, true],
      ['db3', true, true],
    ]);
    expect(pool.text).toContain('  balance first\n');
    // The config before it is untouched.
    expect(pool.text.startsWith(lab.replace(/\n*$/, ''))).toBe(true);
    expect(pool.before).toEqual([]);
    expect(pool.after[0]).toBe('server db1 10.0.0.1:3306 check inter 1s fall 2 rise 2');
  });

  it('leaves the others out when asked, and checks by TCP connect without a check user', () => {
    const pool = generateListenPool(lab, { ...spec, othersAs: 'absent', checkUser: undefined });
    const rw = parseHaproxyConfig(pool.text).find((s) => s.name === 'mysql_rw');
    expect(rw?.servers.map((s) => s.name)).toEqual(['db1']);
    expect(rw?.checks).toEqual([]);
    expect(pool.text.split('\n').filter((l) => l.includes('mysql-check'))).toHaveLength(2);
  });

  it('a later failover rewrites the generated section like any other pool', () => {
    const made = generateListenPool(lab, spec).text;
    const moved = generateWriterPool(made, {
      section: 'mysql_rw',
      active: db(2),
      oldMaster: { ...db(1), policy: 'remove' },
      note: 'db2 (failover from db1)',
    });
    const rw = parseHaproxyConfig(moved.text).find((s) => s.name === 'mysql_rw');
    expect(rw?.servers.map((s) => s.name)).toEqual(['db2']);
    expect(moved.text.match(/# opsdeck writer pool:/g)).toHaveLength(1);
  });

  it('refuses a taken name, a bind in use, a bad bind or user, each with what to do', () => {
    const err = (patch: Partial<typeof spec> & { checkUser?: string }) => {
      try {
        generateListenPool(lab, { ...spec, ...patch });
        return null;
      } catch (e) {
        return e as { code: string; message: string; hint: string };
      }
    };
    expect(err({ section: 'writer' })).toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringMatching(/rewrites its server lines/),
    });
    expect(err({ bind: '10.0.0.254:3306' })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('mysql_writer'),
    });
    expect(err({ bind: ':3307' })).toMatchObject({ code: 'CONFLICT' });
    expect(err({ bind: 'nowhere' })).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(err({ bind: ':70000' })).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(err({ checkUser: 'a b' })).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(err({ section: 'x y' })).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(err({ bind: ':3310' })).toBeNull();
  });
});
