import { describe, expect, it } from 'vitest';
import {
  defaultVerifyLabel,
  draftOf,
  emptyDraft,
  scheduleInput,
  verifyPlace,
} from './schedule-form';

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

  it('a hot schedule names its verify host; dumps and snapshot sets never carry one; cron does not verify', () => {
    expect(scheduleInput({ ...ok, verifyOn: 'db2' })).toMatchObject({
      input: { kind: 'hot', verifyOn: 'db2' },
    });
    // Left at "its backup host": nothing is sent, the core picks the ssh:// backup host.
    expect(scheduleInput(ok)).not.toHaveProperty('input.verifyOn');
    // Chosen for a hot backup, then the kind changed: a dump is checked on its source.
    expect(scheduleInput({ ...ok, kind: 'dump', verifyOn: 'db2' })).not.toHaveProperty(
      'input.verifyOn',
    );
    expect(scheduleInput({ ...ok, kind: 'snapshot', verifyOn: 'db2' })).not.toHaveProperty(
      'input.verifyOn',
    );
    expect(
      scheduleInput({ ...ok, runner: 'cron', to: 'ssh://db1/srv/b', verifyOn: 'db2' }).problems,
    ).toEqual({
      verifyOn:
        'cron on db1 does not verify its backups: leave Prepare on at its default (no host named), or let Opsdeck run the schedule',
    });
    expect(
      scheduleInput({ ...ok, kind: 'dump', runner: 'cron', to: 'ssh://db1/srv/b', verifyOn: 'db2' })
        .problems,
    ).toBeUndefined();
  });

  it('says where each run is prepared, as the core chooses, and warns when nowhere or on the source', () => {
    const hot = { hostName: 'db1', kind: 'hot' as const, runner: 'opsdeck' as const };
    const hosts = ['db1', 'db2', 'backup1'].map((name) => ({ id: `h-${name}`, name }));
    expect(verifyPlace({ ...hot, to: 'ssh://backup1/srv/mysql' }, hosts)).toEqual({
      text: 'backup1 (backup host)',
      hint: 'each backup is verified by preparing it on backup1, its backup host',
      warn: false,
    });
    expect(
      verifyPlace({ ...hot, to: 's3://b/p?account=prod', verifyOn: 'db2' }, hosts),
    ).toMatchObject({
      text: 'db2',
      warn: false,
    });
    for (const to of ['file:///backups', 's3://b/p?account=prod', 'ssh://db1/srv/mysql', '/x'])
      expect(verifyPlace({ ...hot, to }, hosts)).toMatchObject({
        text: 'not verified',
        hint: expect.stringContaining('Not verified: no host to prepare it on'),
        warn: true,
      });
    expect(verifyPlace({ ...hot, to: 'file:///b', verifyOn: 'db1' }, hosts)).toEqual({
      text: 'db1 (the source)',
      hint: "each backup is verified by preparing it on db1, the source: uses the production host's disk and CPU",
      warn: true,
    });
    expect(verifyPlace({ ...hot, runner: 'cron', to: 'ssh://db1/b' }, hosts)).toMatchObject({
      text: 'not verified (cron)',
      warn: true,
    });
    expect(
      verifyPlace({ ...hot, kind: 'dump', to: 'file:///b', verifyOn: 'db2' }, hosts),
    ).toBeUndefined();
  });

  it('a backup host the core would not use is no verify host: an IP (even the source’s), a host not in the inventory', () => {
    const hot = { hostName: 'db1', kind: 'hot' as const, runner: 'opsdeck' as const };
    // The core looks the ssh:// host up by id or name (verify-host.ts): an address finds nothing.
    const hosts = [
      { id: 'h-db1', name: 'db1', address: '10.0.0.1' },
      { id: 'h-backup1', name: 'backup1', address: '10.0.0.9' },
    ];
    expect(verifyPlace({ ...hot, to: 'ssh://10.0.0.1/srv/mysql' }, hosts)).toEqual({
      text: 'not verified',
      hint: "Not verified: no host to prepare it on (its backup host 10.0.0.1 is not one of Opsdeck's hosts) — pick one (each backup is still taken, stored and checksummed)",
      warn: true,
    });
    expect(verifyPlace({ ...hot, to: 'ssh://nas7/srv/mysql' }, hosts)).toMatchObject({
      text: 'not verified',
      hint: expect.stringContaining("its backup host nas7 is not one of Opsdeck's hosts"),
      warn: true,
    });
    // By id, as the core accepts it; the source by id too (its name in the URL or its id).
    expect(verifyPlace({ ...hot, to: 'ssh://h-backup1/srv' }, hosts)).toMatchObject({
      text: 'backup1 (backup host)',
      warn: false,
    });
    expect(verifyPlace({ ...hot, to: 'ssh://h-db1/srv' }, hosts)).toMatchObject({
      text: 'not verified',
      hint: expect.stringContaining('its backup host is its own source, db1'),
    });
  });

  it('opens a hot schedule with its verify host', () => {
    const d = draftOf({
      id: 's2',
      name: 'nightly-hot',
      hostName: 'db1',
      kind: 'hot',
      to: 'file:///b',
      when: { every: 'day', at: '02:30' },
      retention: { daily: 7, weekly: 4, monthly: 6 },
      verifyOn: 'db2',
      runner: 'opsdeck',
      enabled: true,
      cronInstalled: false,
      createdAt: '',
    });
    expect(d.verifyOn).toBe('db2');
    expect(scheduleInput(d)).toMatchObject({ input: { verifyOn: 'db2' } });
  });

  it("Prepare on's default names the backup host only where the core will use one", () => {
    const hosts = [
      { id: 'h1', name: 'db1' },
      { id: 'h2', name: 'backup1' },
    ];
    expect(defaultVerifyLabel('ssh://backup1/srv/mysql', 'db1', hosts)).toBe(
      'backup1 (its backup host)',
    );
    for (const to of ['file:///srv/b', 's3://bucket/p', 'ssh://10.0.0.9/srv', 'ssh://db1/srv', ''])
      expect(defaultVerifyLabel(to, 'db1', hosts)).toBe('none: taken and stored, not verified');
  });
});
