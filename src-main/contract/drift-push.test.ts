import { describe, expect, it } from 'vitest';
import type { DriftReport } from './diff';
import { pushCandidates, pushRequest } from './drift-push';

const report = (over: Partial<DriftReport> = {}): DriftReport => ({
  path: '/etc/haproxy/haproxy.cfg',
  kind: 'haproxy',
  at: '',
  options: { ignoreWhitespace: false, ignoreComments: false },
  baseline: { kind: 'majority', label: 'majority', clusterId: 1 },
  hosts: [
    { hostId: 'h1', hostName: 'lb1', status: 'ok', clusterId: 1, matchesBaseline: true, ms: 1 },
    { hostId: 'h2', hostName: 'lb2', status: 'ok', clusterId: 2, matchesBaseline: false, ms: 1 },
    {
      hostId: 'h3',
      hostName: 'lb3',
      status: 'missing',
      clusterId: 3,
      matchesBaseline: false,
      ms: 1,
    },
    { hostId: 'h4', hostName: 'lb4', status: 'unreachable', matchesBaseline: false, ms: 1 },
  ],
  clusters: [
    {
      id: 1,
      hash: 'a',
      hostIds: ['h1'],
      representative: 'h1',
      baseline: true,
      missing: false,
      added: 0,
      removed: 0,
    },
    {
      id: 2,
      hash: 'b',
      hostIds: ['h2'],
      representative: 'h2',
      baseline: false,
      missing: false,
      added: 1,
      removed: 1,
    },
    {
      id: 3,
      hash: 'missing',
      hostIds: ['h3'],
      representative: 'h3',
      baseline: false,
      missing: true,
      added: 0,
      removed: 4,
    },
  ],
  durationMs: 1,
  ...over,
});
const choice = { validate: true, reload: true, parallel: 4 };

describe('push the baseline', () => {
  it('offers the readable hosts that differ (a missing file too), not the unreachable ones', () => {
    expect(pushCandidates(report())).toEqual(['h2', 'h3']);
  });

  it('pushes the baseline host’s file, or the template per host', () => {
    expect(pushRequest(report(), { ...choice, hostIds: ['h2'] })).toEqual({
      workflow: 'config-push',
      params: {
        path: '/etc/haproxy/haproxy.cfg',
        source: { kind: 'host', hostId: 'h1' },
        targets: ['h2'],
        ...choice,
      },
    });
    const t = report({
      baseline: { kind: 'template', label: 't', clusterId: null, templatePath: '/t/h.tmpl' },
    });
    expect(pushRequest(t, { ...choice, hostIds: ['h2'] })?.params).toMatchObject({
      source: { kind: 'template', path: '/t/h.tmpl' },
    });
    expect(pushRequest(report(), { ...choice, hostIds: [] })).toBeUndefined();
  });
});
