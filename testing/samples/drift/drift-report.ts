import type { DriftReport } from '../../../src-main/contract/diff';

/**
 * A drift report for tests of what is built from one (the push request, the matrix): db1 and db2
 * are the baseline, db3 differs, db4 lacks the file, db5 could not be reached.
 */
export function sampleDriftReport(over: Partial<DriftReport> = {}): DriftReport {
  return {
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
  };
}
