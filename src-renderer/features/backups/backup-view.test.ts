import { describe, expect, it } from 'vitest';
import {
  checkTone,
  coordinatesText,
  databasesOf,
  defaultVerifyHost,
  failedRestoreTests,
  newInstanceButton,
} from './backup-view';

describe('backups view helpers', () => {
  it('restore tests: passed is ok, failed is critical, none is unknown', () => {
    expect(checkTone({ status: 'passed', at: '', message: '' })).toBe('ok');
    expect(checkTone({ status: 'failed', at: '', message: '' })).toBe('crit');
    expect(checkTone(undefined)).toBe('unknown');
  });
  it('shows GTID first, else file:position', () => {
    expect(coordinatesText({ coordinates: { file: 'b.1', position: 4, gtid: '0-1-9' } })).toBe(
      'GTID 0-1-9',
    );
    expect(coordinatesText({ coordinates: { file: 'b.1', position: 4 } })).toBe('b.1:4');
    expect(coordinatesText({ coordinates: {} })).toBe('—');
  });
  it('lists the databases in a backup and the backups whose restore test failed', () => {
    expect(
      databasesOf({
        tables: [
          { table: 'a.x', rows: 1 },
          { table: 'a.y', rows: 1 },
          { table: 'b.z', rows: 0 },
        ],
      }),
    ).toEqual(['a', 'b']);
    const e = (id: string, status?: 'passed' | 'failed') => ({
      id,
      ...(status ? { restoreTest: { status, at: '', message: '' } } : {}),
    });
    expect(
      failedRestoreTests([e('1', 'passed'), e('2', 'failed'), e('3')]).map((x) => x.id),
    ).toEqual(['2']);
  });
  it('"On a new instance…" takes a snapshot set too, saying where the instance is launched', () => {
    const snap = { id: 'b-snap', kind: 'snapshot' as const, destination: 'ec2://prod/eu-west-1' };
    const button = newInstanceButton(snap, { usable: true, running: false });
    expect(button.disabled).toBe(false);
    expect(button.title).toContain('in prod/eu-west-1 (where the snapshots are)');
    expect(button.title).toContain('its volumes go with it');
    const dump = { id: 'b-dump', kind: 'dump' as const, destination: 'file:///b' };
    expect(newInstanceButton(dump, { usable: true, running: false }).disabled).toBe(false);
    expect(newInstanceButton(dump, { usable: true, running: true }).disabled).toBe(true);
    expect(newInstanceButton(snap, { usable: false, running: false }).disabled).toBe(true);
  });

  it('a hot backup is prepared by default on the backup host of its ssh:// destination only', () => {
    const hosts = [
      { id: 'h1', name: 'db1' },
      { id: 'h2', name: 'db2' },
    ];
    const at = (destination: string) => defaultVerifyHost({ hostId: 'h1', destination }, hosts);
    expect(at('ssh://db2/var/backups')?.name).toBe('db2');
    expect(at('ssh://db1/var/backups')).toBeUndefined(); // its own source
    expect(at('ssh://elsewhere/var/backups')).toBeUndefined(); // not one of Opsdeck's hosts
    expect(at('file:///var/backups')).toBeUndefined();
    expect(at('s3://bucket/prefix?account=a')).toBeUndefined();
  });
});
