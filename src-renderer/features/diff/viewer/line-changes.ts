import { Change, presentableDiff, type DiffConfig } from '@codemirror/merge';
import { diffLines, type CompareOptions } from '../../../../src-main/contract';

/** Offset of the start of each line (split on \n), plus the text's length at the end. */
function lineStarts(text: string, lines: number): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && starts.length <= lines; i = text.indexOf('\n', i + 1))
    starts.push(i + 1);
  while (starts.length <= lines) starts.push(text.length);
  starts[lines] = Math.min(starts[lines] as number, text.length);
  return starts;
}

/**
 * The merge view's changes under the compare options: the regions come from the shared line diff
 * (the one the CLI and drift use, so every door agrees on what differs, ignore options included);
 * inside a region, @codemirror/merge's own presentable diff finds the changed characters.
 */
export function lineChanges(a: string, b: string, options: CompareOptions): Change[] {
  const d = diffLines(a, b, options);
  if (!d.changes.length) return [];
  const sa = lineStarts(a, d.linesA.length);
  const sb = lineStarts(b, d.linesB.length);
  const out: Change[] = [];
  for (const c of d.changes) {
    const fromA = sa[c.fromA] as number;
    const toA = sa[c.toA] as number;
    const fromB = sb[c.fromB] as number;
    const toB = sb[c.toB] as number;
    if (fromA === toA || fromB === toB) {
      out.push(new Change(fromA, toA, fromB, toB));
      continue;
    }
    for (const inner of presentableDiff(a.slice(fromA, toA), b.slice(fromB, toB)))
      out.push(
        new Change(inner.fromA + fromA, inner.toA + fromA, inner.fromB + fromB, inner.toB + fromB),
      );
  }
  return out;
}

/** The merge view's diff configuration for the options (replaces its own line finding). */
export function diffConfigFor(options: CompareOptions): DiffConfig {
  return { override: (a, b) => lineChanges(a, b, options) };
}
