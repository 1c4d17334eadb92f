import { describe, expect, it } from 'vitest';
import { newInstanceRefusal } from '../../../src-main/contract';
import {
  checkTone,
  coordinatesText,
  databasesOf,
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
  it('"On a new instance…" refuses a snapshot set with the CLI’s and the workflow’s words', () => {
    const snap = { id: 'b-snap', kind: 'snapshot' as const };
    const refusal = newInstanceRefusal(snap);
    expect(newInstanceButton(snap, { usable: true, running: false })).toEqual({
      disabled: true,
      title: `${refusal?.message} ${refusal?.hint}`,
    });
    const dump = { id: 'b-dump', kind: 'dump' as const };
    expect(newInstanceButton(dump, { usable: true, running: false }).disabled).toBe(false);
    expect(newInstanceButton(dump, { usable: true, running: true }).disabled).toBe(true);
  });
});
