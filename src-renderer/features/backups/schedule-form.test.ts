import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, scheduleInput } from './schedule-form';

describe('the schedule dialog', () => {
  const ok = { ...emptyDraft('db1'), name: 'nightly', to: 'file:///backups' };

  it('builds a nightly hot backup with retention and a confirmed scratch host', () => {
    expect(scheduleInput({ ...ok, restoreTestOn: 'db3', confirmScratch: 'db3' })).toEqual({
      input: {
        name: 'nightly',
        host: 'db1',
        kind: 'hot',
        to: 'file:///backups',
        when: { every: 'day', at: '02:30' },
        retention: { daily: 7, weekly: 4, monthly: 6 },
        restoreTestOn: 'db3',
        confirmScratch: 'db3',
        runner: 'opsdeck',
        enabled: true,
      },
    });
  });

  it('says what to fix: destination, time, the scratch host typed, the source as scratch', () => {
    const r = scheduleInput({
      ...ok,
      to: '/backups',
      at: '25:00',
      restoreTestOn: 'db1',
      confirmScratch: 'db',
    });
    expect(r.problems).toMatchObject({
      to: expect.stringContaining('file:///path'),
      at: 'HH:MM',
      restoreTestOn: expect.stringContaining('never the source'),
      confirmScratch: 'Type db1: its databases are replaced by every test',
    });
  });

  it('weekly and every-N-hours times; snapshot sets have no destination and no cron; cron writes on its host', () => {
    expect(scheduleInput({ ...ok, every: 'week', day: 0, at: '03:00' })).toMatchObject({
      input: { when: { every: 'week', day: 0, at: '03:00' } },
    });
    expect(scheduleInput({ ...ok, every: 'hours', hours: '6' })).toMatchObject({
      input: { when: { every: 'hours', hours: 6 } },
    });
    const snap = scheduleInput({ ...ok, kind: 'snapshot', to: '' });
    expect(snap.problems).toBeUndefined();
    expect(snap).not.toHaveProperty('input.to');
    expect(scheduleInput({ ...ok, kind: 'snapshot', runner: 'cron' }).problems).toHaveProperty(
      'runner',
    );
    expect(scheduleInput({ ...ok, runner: 'cron' }).problems).toEqual({
      to: 'cron on db1 writes to a folder there: ssh://db1/path',
    });
    expect(
      scheduleInput({ ...ok, runner: 'cron', to: 'ssh://db1/srv/b' }).problems,
    ).toBeUndefined();
  });

  it('opens an existing schedule with its values (the scratch host typed again)', () => {
    const d = draftOf({
      id: 's1',
      name: 'six-hourly',
      hostName: 'db1',
      kind: 'dump',
      to: 's3://b/p?account=prod',
      when: { every: 'hours', hours: 6 },
      retention: { daily: 3, weekly: 0, monthly: 0 },
      restoreTestOn: 'db3',
      runner: 'opsdeck',
      enabled: true,
      cronInstalled: false,
      createdAt: '',
    });
    expect(d).toMatchObject({ every: 'hours', hours: '6', keepDaily: '3', confirmScratch: '' });
    expect(scheduleInput(d).problems).toEqual({
      confirmScratch: 'Type db3: its databases are replaced by every test',
    });
  });
});
