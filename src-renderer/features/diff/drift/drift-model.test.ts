import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../../../src-main/contract';
import { diffAgainstBaseline, summarize } from './drift-model';

const report = (over: Partial<DriftReport> = {}): DriftReport => ({
  path: '/etc/mysql/my.cnf',
  kind: 'mysql',
  at: '',
  options: { ignoreWhitespace: false, ignoreComments: false },
  baseline: { kind: 'majority', label: 'majority', clusterId: 1 },
  hosts: [
    { hostId: 'h1', hostName: 'db1', status: 'ok', clusterId: 1, matchesBaseline: true, ms: 1 },
    { hostId: 'h2', hostName: 'db2', status: 'ok', clusterId: 1, matchesBaseline: true, ms: 1 },
    { hostId: 'h3', hostName: 'db3', status: 'ok', clusterId: 2, matchesBaseline: false, ms: 1 },
    {
      hostId: 'h4',
      hostName: 'db4',
      status: 'missing',
      clusterId: 3,
      matchesBaseline: false,
      ms: 1,
    },
    {
      hostId: 'h5',
      hostName: 'db5',
      status: 'unreachable',
      matchesBaseline: false,
      ms: 1,
      error: { code: 'SSH_REFUSED', message: 'refused', hint: 'start sshd' },
    },
  ],
  clusters: [
    {
      id: 1,
      hash: 'a',
      hostIds: ['h1', 'h2'],
      representative: 'h1',
      baseline: true,
      missing: false,
      added: 0,
      removed: 0,
    },
    {
      id: 2,
      hash: 'b',
      hostIds: ['h3'],
      representative: 'h3',
      baseline: false,
      missing: false,
      added: 1,
      removed: 1,
    },
    {
      id: 3,
      hash: 'missing',
      hostIds: ['h4'],
      representative: 'h4',
      baseline: false,
      missing: true,
      added: 0,
      removed: 9,
    },
  ],
  durationMs: 10,
  ...over,
});

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
