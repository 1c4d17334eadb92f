import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxyConfig } from './config-parse';
import { generateWriterPool } from './pool';

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
