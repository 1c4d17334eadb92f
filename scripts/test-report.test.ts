import { describe, expect, it } from 'vitest';
import { reportCounts, reportProblems } from './test-report.mjs';

const ESC = String.fromCharCode(27);

// Shapes as vitest 3 and Playwright write them (trimmed from real reports).
const vitestReport = {
  numPassedTests: 1,
  numFailedTests: 1,
  numPendingTests: 2,
  numTodoTests: 0,
  testResults: [
    {
      name: '/repo/src-main/x.itest.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        {
          fullName: 'group fails',
          status: 'failed',
          failureMessages: ['AssertionError: expected 1 to be 2\n    at /repo/x.itest.ts:2:59'],
        },
        { fullName: 'group ok', status: 'passed', failureMessages: [] },
      ],
    },
    {
      name: '/repo/src-main/broken.itest.ts',
      status: 'failed',
      message: '\nSyntaxError: nope',
      assertionResults: [],
    },
  ],
};

const playwrightReport = {
  stats: { expected: 1, unexpected: 1, flaky: 1, skipped: 1 },
  suites: [
    {
      title: 'a.spec.ts',
      file: 'a.spec.ts',
      specs: [],
      suites: [
        {
          title: 'group',
          file: 'a.spec.ts',
          specs: [
            {
              title: 'fails',
              file: 'a.spec.ts',
              line: 3,
              tests: [
                {
                  status: 'unexpected',
                  results: [
                    {
                      status: 'failed',
                      error: {
                        message: `Error: ${ESC}[2mexpect(${ESC}[22mreceived).toBe(expected)\n\nExpected: 2`,
                      },
                    },
                  ],
                },
              ],
            },
            {
              title: 'flaky',
              file: 'a.spec.ts',
              line: 5,
              tests: [
                {
                  status: 'flaky',
                  results: [
                    { status: 'timedOut', error: { message: 'Test timeout of 60000ms exceeded.' } },
                    { status: 'passed' },
                  ],
                },
              ],
            },
            {
              title: 'ok',
              file: 'a.spec.ts',
              line: 6,
              tests: [{ status: 'expected', results: [{ status: 'passed' }] }],
            },
          ],
        },
      ],
    },
  ],
};

describe('npm test summary', () => {
  it('names each failed vitest test (and a file that failed to load) with its first error line', () => {
    expect(reportProblems(vitestReport, 'vitest', '/repo')).toEqual([
      {
        kind: 'failed',
        name: 'src-main/x.itest.ts › group fails',
        error: 'AssertionError: expected 1 to be 2',
      },
      { kind: 'failed', name: 'src-main/broken.itest.ts', error: 'SyntaxError: nope' },
    ]);
    expect(reportCounts(vitestReport, 'vitest')).toEqual({ passed: 1, failed: 1, skipped: 2 });
  });

  it('names failed and flaky Playwright tests without colour codes; a flaky test counts as passed and flaky', () => {
    expect(reportProblems(playwrightReport, 'playwright', '/repo')).toEqual([
      {
        kind: 'failed',
        name: 'a.spec.ts:3 › group › fails',
        error: 'Error: expect(received).toBe(expected)',
      },
      {
        kind: 'flaky (passed on retry)',
        name: 'a.spec.ts:5 › group › flaky',
        error: 'Test timeout of 60000ms exceeded.',
      },
    ]);
    expect(reportCounts(playwrightReport, 'playwright')).toEqual({
      passed: 2,
      failed: 1,
      skipped: 1,
      flaky: 1,
    });
  });
});
