import { describe, expect, it } from 'vitest';
import { alertToast } from './alert-text';

const base = { cluster: 'shop', master: 'db1', summary: 'mysqld is not running on db1', at: '' };

describe('monitor alerts as notifications', () => {
  it('says what Opsdeck did about a dead master', () => {
    expect(
      alertToast({ ...base, verdict: 'dead', action: 'failover-started', runId: 'r' }),
    ).toMatchObject({
      tone: 'crit',
      title: 'db1 is dead (cluster shop)',
      hint: 'Opsdeck started the automatic failover of shop.',
    });
    expect(alertToast({ ...base, verdict: 'dead', action: 'person-needed' }).hint).toMatch(
      /open the failover wizard/,
    );
  });

  it('a partition is information, never a failover', () => {
    expect(alertToast({ ...base, verdict: 'partition', action: 'none' })).toMatchObject({
      tone: 'info',
      hint: 'No failover: its replicas still replicate from it.',
    });
  });
});
