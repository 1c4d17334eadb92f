import { describe, expect, it } from 'vitest';
import { cronFields, describeWhen, nextRun } from './next-run';

const local = (y: number, mo: number, d: number, h: number, mi: number) =>
  new Date(y, mo - 1, d, h, mi);

describe('schedule times', () => {
  it('daily: today if still ahead, else tomorrow', () => {
    expect(nextRun({ every: 'day', at: '02:30' }, local(2026, 3, 10, 1, 0))).toEqual(
      local(2026, 3, 10, 2, 30),
    );
    expect(nextRun({ every: 'day', at: '02:30' }, local(2026, 3, 10, 2, 30))).toEqual(
      local(2026, 3, 11, 2, 30),
    );
  });
  it('weekly: the next such weekday (a week later when it is now)', () => {
    // 2026-03-10 is a Tuesday (2).
    expect(nextRun({ every: 'week', day: 0, at: '03:00' }, local(2026, 3, 10, 12, 0))).toEqual(
      local(2026, 3, 15, 3, 0),
    );
    expect(nextRun({ every: 'week', day: 2, at: '03:00' }, local(2026, 3, 10, 12, 0))).toEqual(
      local(2026, 3, 17, 3, 0),
    );
  });
  it('every N hours from the last run; overdue runs are due now', () => {
    const now = local(2026, 3, 10, 12, 0);
    expect(nextRun({ every: 'hours', hours: 6 }, now, local(2026, 3, 10, 9, 0))).toEqual(
      local(2026, 3, 10, 15, 0),
    );
    expect(nextRun({ every: 'hours', hours: 6 }, now, local(2026, 3, 9, 1, 0))).toEqual(now);
  });
  it('as crontab fields and words', () => {
    expect(cronFields({ every: 'day', at: '02:30' })).toBe('30 2 * * *');
    expect(cronFields({ every: 'week', day: 0, at: '03:05' })).toBe('5 3 * * 0');
    expect(cronFields({ every: 'hours', hours: 6 })).toBe('0 */6 * * *');
    expect(describeWhen({ every: 'week', day: 1, at: '01:00' })).toBe('Mondays at 01:00');
  });
});
