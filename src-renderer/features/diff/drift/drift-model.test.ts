import { describe, expect, it } from 'vitest';
import { sampleDriftReport as report } from '../../../../testing/samples/drift/drift-report';
import { diffAgainstBaseline, summarize } from './drift-model';

describe('drift model', () => {
  it('opens a deviating host against the baseline’s representative', () => {
    const r = report();
    expect(diffAgainstBaseline(r, r.hosts[2]!)).toEqual([
      { kind: 'host', hostId: 'h1', path: '/etc/mysql/my.cnf' },
      { kind: 'host', hostId: 'h3', path: '/etc/mysql/my.cnf' },
    ]);
    expect(diffAgainstBaseline(r, r.hosts[0]!)).toBeUndefined();
  });

  it('opens a host against the template rendered for it', () => {
    const r = report({
      baseline: { kind: 'template', label: 't', clusterId: null, templatePath: '/t/my.cnf.tmpl' },
    });
    expect(diffAgainstBaseline(r, r.hosts[2]!)?.[0]).toEqual({
      kind: 'template',
      path: '/t/my.cnf.tmpl',
      hostId: 'h3',
    });
  });

  it('counts matching, deviating, missing and unread hosts', () => {
    expect(summarize(report())).toEqual({
      total: 5,
      matching: 2,
      deviating: 2,
      missing: 1,
      unread: 1,
      clusters: 3,
    });
  });
});
