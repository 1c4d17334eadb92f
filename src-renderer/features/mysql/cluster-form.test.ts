import { describe, expect, it } from 'vitest';
import { ClusterSettings } from '../../../src-main/contract';
import { checkClusterForm, formOf, settingsOf } from './cluster-form';

const defaults = {
  ...ClusterSettings.parse({ name: 'shop', members: ['db1', 'db2', 'db3'] }),
  saved: false,
};

describe('cluster settings form', () => {
  it('round-trips the defaults and keeps automatic failover off', () => {
    const f = formOf(defaults);
    expect(checkClusterForm(f)).toEqual({});
    const s = ClusterSettings.parse(settingsOf(f));
    expect(s).toMatchObject({
      automaticFailover: false,
      antiFlapMinutes: 60,
      traffic: { kind: 'none' },
    });
  });

  it('sends HAProxy traffic and promotion marks of members only', () => {
    const f = {
      ...formOf(defaults),
      traffic: 'haproxy' as const,
      proxyHost: 'proxy1',
      section: 'writer',
      promotion: {
        db2: 'prefer' as const,
        db3: 'never' as const,
        gone: 'never' as const,
        db1: 'neutral' as const,
      },
    };
    expect(settingsOf(f)).toMatchObject({
      traffic: { kind: 'haproxy', proxyHost: 'proxy1', section: 'writer', oldMaster: 'disabled' },
      promotion: { db2: 'prefer', db3: 'never' },
    });
  });

  it('names what is missing or wrong', () => {
    const f = {
      ...formOf(defaults),
      name: 'bad name',
      members: [],
      traffic: 'elastic-ip' as const,
      allocationId: 'eip-1',
      hooks: [{ phase: 'after-promote' as const, host: '', command: ' ', required: false }],
    };
    expect(Object.keys(checkClusterForm(f)).sort()).toEqual([
      'account',
      'allocationId',
      'hook0',
      'members',
      'name',
    ]);
  });
});
