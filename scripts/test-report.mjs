// Reading vitest and Playwright JSON reports for `npm test`'s summary (scripts/test.mjs).

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The names of failed (and flaky) tests with their first error line, for the summary's tail. */
export function reportProblems(r, kind, cwd) {
  const firstLine = (text) =>
    String(text ?? '')
      .replace(ANSI_COLOUR, '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  const out = [];
  if (kind === 'vitest') {
    for (const f of r.testResults ?? []) {
      for (const t of f.assertionResults ?? []) {
        if (t.status === 'failed')
          out.push({
            kind: 'failed',
            name: `${f.name.replace(cwd + '/', '')} › ${t.fullName}`,
            error: firstLine(t.failureMessages?.[0]),
          });
      }
      if ((f.assertionResults ?? []).length === 0 && f.status === 'failed')
        out.push({
          kind: 'failed',
          name: f.name.replace(cwd + '/', ''),
          error: firstLine(f.message),
        });
    }
    return out;
  }
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
        const failedRun = (t.results ?? []).find(
          (x) => x.status !== 'passed' && x.status !== 'skipped',
        );
        out.push({
          kind: t.status === 'flaky' ? 'flaky (passed on retry)' : 'failed',
          name: `${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}`,
          error: firstLine(failedRun?.error?.message ?? failedRun?.errors?.[0]?.message),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of r.suites ?? []) walk(suite, []);
  return out;
}

/** passed/failed/skipped (and flaky: passed on a retry) from a vitest or Playwright JSON report. */
export function reportCounts(r, kind) {
  if (kind === 'vitest') {
    return {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  }
  const s = r.stats ?? {};
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
    flaky: s.flaky ?? 0,
  };
}
