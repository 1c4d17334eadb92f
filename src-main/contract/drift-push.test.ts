import { describe, expect, it } from 'vitest';
import { pushCandidates, pushRequest } from './drift-push';
import { sampleDriftReport as report } from '../../testing/samples/drift/drift-report';

const choice = { validate: true, reload: true, parallel: 4 };

describe('push the baseline', () => {
  it('offers the readable hosts that differ (a missing file too), not the unreachable ones', () => {
    expect(pushCandidates(report())).toEqual(['h3', 'h4']);
  });

  it('pushes the baseline host’s file, or the template per host', () => {
    expect(pushRequest(report(), { ...choice, hostIds: ['h3'] })).toEqual({
      workflow: 'config-push',
      params: {
        path: '/etc/mysql/my.cnf',
        source: { kind: 'host', hostId: 'h1' },
        targets: ['h3'],
        ...choice,
      },
    });
    const t = report({
      baseline: { kind: 'template', label: 't', clusterId: null, templatePath: '/t/my.tmpl' },
    });
    expect(pushRequest(t, { ...choice, hostIds: ['h3'] })?.params).toMatchObject({
      source: { kind: 'template', path: '/t/my.tmpl' },
    });
    expect(pushRequest(report(), { ...choice, hostIds: [] })).toBeUndefined();
  });
});
