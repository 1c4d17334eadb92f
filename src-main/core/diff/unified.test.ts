import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified';

const raw = { ignoreWhitespace: false, ignoreComments: false, kind: 'mysql' as const };
const run = (a: string, b: string, context = 3, options = raw) =>
  unifiedDiff({
    a,
    b,
    nameA: 'db1:/etc/mysql/my.cnf',
    nameB: 'db2:/etc/mysql/my.cnf',
    options,
    context,
  });

const base = Array.from({ length: 20 }, (_, i) => `option_${i} = ${i}`).join('\n') + '\n';

describe('unifiedDiff', () => {
  it('prints diff -u hunks that patch(1) can apply', () => {
    const b = base.replace('option_2 = 2', 'option_2 = 22').replace('option_17 = 17\n', '');
    const r = run(base, b);
    expect(r.different).toBe(true);
    expect(r.stats).toEqual({ hunks: 2, added: 1, removed: 2 });
    expect(r.unified).toContain('--- db1:/etc/mysql/my.cnf\n+++ db2:/etc/mysql/my.cnf\n');
    expect(r.unified).toContain(
      '@@ -1,6 +1,6 @@\n option_0 = 0\n option_1 = 1\n-option_2 = 2\n+option_2 = 22\n',
    );
    expect(r.unified).toContain('@@ -15,6 +15,5 @@');
    expect(applyPatch(base, r.unified)).toBe(b);
  });

  it('joins changes closer than twice the context into one hunk', () => {
    const b = base.replace('option_2 = 2', 'x').replace('option_8 = 8', 'y');
    expect(run(base, b).stats.hunks).toBe(1);
    expect(run(base, b, 1).stats.hunks).toBe(2);
  });

  it('marks a missing final newline, and diffs against an empty (missing) file', () => {
    const r = run('a\nb', 'a\nb\n');
    expect(r.unified).toContain('-b\n\\ No newline at end of file\n+b\n');
    expect(applyPatch('a\nb', r.unified)).toBe('a\nb\n');
    const created = run('', 'x = 1\ny = 2\n');
    expect(created.unified).toContain('@@ -0,0 +1,2 @@\n+x = 1\n+y = 2');
    expect(applyPatch('', created.unified)).toBe('x = 1\ny = 2\n');
  });

  it('is empty and not different for equal files (or equal under the options)', () => {
    expect(run(base, base)).toEqual({
      different: false,
      unified: '',
      stats: { hunks: 0, added: 0, removed: 0 },
    });
    const ws = { ...raw, ignoreWhitespace: true };
    expect(run('a = 1\n', 'a=1\n', 3, ws).different).toBe(false);
  });
});
