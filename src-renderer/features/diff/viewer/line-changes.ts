import { Change, presentableDiff, type DiffConfig } from '@codemirror/merge';
import type { CompareOptions } from '../../../../src-main/contract';
import { lineRegions, type LineRegions } from './line-regions';

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
 * The merge view's changes for line regions of `a` and `b`: inside a region, @codemirror/merge's
 * own presentable diff finds the changed characters.
 */
export function changesOfRegions(a: string, b: string, d: LineRegions): Change[] {
  if (!d.changes.length) return [];
  const sa = lineStarts(a, d.linesA);
  const sb = lineStarts(b, d.linesB);
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

/**
 * The merge view's changes under the compare options: the regions come from the shared line diff
 * (the one the CLI and drift use, so every door agrees on what differs, ignore options included).
 */
export function lineChanges(a: string, b: string, options: CompareOptions): Change[] {
  return changesOfRegions(a, b, lineRegions(a, b, options));
}

/** Line regions already computed (in the diff worker) for exactly these two texts. */
export interface KnownRegions {
  a: string;
  b: string;
  regions: LineRegions;
}

/**
 * The merge view's diff configuration for the options (replaces its own line finding); `known`
 * answers for its own pair of texts without diffing them again, any other pair is diffed here.
 */
export function diffConfigFor(options: CompareOptions, known?: KnownRegions): DiffConfig {
  return {
    override: (a, b) =>
      known && a === known.a && b === known.b
        ? changesOfRegions(a, b, known.regions)
        : lineChanges(a, b, options),
  };
}
