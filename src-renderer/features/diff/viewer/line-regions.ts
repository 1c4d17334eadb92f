import {
  diffLines,
  type CompareOptions,
  type LineChange,
} from '../../../../src-main/contract/config-text/line-diff';

/**
 * The shared line diff of two files reduced to what the viewer needs from it: the changed regions
 * (line indexes) and how many lines each side has. Small enough to cross from the diff worker.
 */
export interface LineRegions {
  linesA: number;
  linesB: number;
  changes: LineChange[];
}

export function lineRegions(a: string, b: string, options: CompareOptions): LineRegions {
  const d = diffLines(a, b, options);
  return { linesA: d.linesA.length, linesB: d.linesB.length, changes: d.changes };
}
