/** Counts from a vitest (jest-shaped) or Playwright JSON report; `flaky` passed on a retry. */
export interface ReportCounts {
  passed: number;
  failed: number;
  skipped: number;
  flaky?: number;
}
/** One failed (or flaky) test: where it is, and the first line of its error. */
export interface ReportProblem {
  kind: 'failed' | 'flaky (passed on retry)';
  name: string;
  error: string;
}
export function reportCounts(report: unknown, kind: 'vitest' | 'playwright'): ReportCounts;
export function reportProblems(
  report: unknown,
  kind: 'vitest' | 'playwright',
  cwd: string,
): ReportProblem[];
