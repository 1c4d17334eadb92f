import { formatPatch, FILE_HEADERS_ONLY, type StructuredPatchHunk } from 'diff';
import { diffLines, type CompareOptions, type DiffStats, type LineDiff } from '../../contract';

const NO_NEWLINE = '\\ No newline at end of file';

export interface UnifiedInput {
  a: string;
  b: string;
  nameA: string;
  nameB: string;
  /** Shown after the names (e.g. the modification time). */
  headerA?: string;
  headerB?: string;
  options: CompareOptions;
  context: number;
}

export interface Unified {
  different: boolean;
  unified: string;
  stats: DiffStats;
}

/**
 * `diff -u` for two texts: the line diff of contract/config-text (the viewer's), grouped into
 * hunks with `context` lines, formatted by jsdiff. With an ignore option, context lines are printed
 * from the first file and gaps may hold ignored lines, so the result is for reading, not `patch`.
 */
export function unifiedDiff(input: UnifiedInput): Unified {
  const d = diffLines(input.a, input.b, input.options);
  const hunks = hunksOf(d, input.context);
  const stats = statsOf(d, hunks.length);
  if (!d.changes.length) return { different: false, unified: '', stats };
  const unified = formatPatch(
    {
      oldFileName: input.nameA,
      newFileName: input.nameB,
      oldHeader: input.headerA,
      newHeader: input.headerB,
      hunks,
    },
    FILE_HEADERS_ONLY,
  );
  return { different: true, unified, stats };
}

export function statsOf(d: LineDiff, hunks?: number): DiffStats {
  let added = 0;
  let removed = 0;
  for (const c of d.changes) {
    added += c.toB - c.fromB;
    removed += c.toA - c.fromA;
  }
  return { hunks: hunks ?? d.changes.length, added, removed };
}

function hunksOf(d: LineDiff, context: number): StructuredPatchHunk[] {
  const nA = d.linesA.length;
  const nB = d.linesB.length;
  const groups: (typeof d.changes)[] = [];
  for (const c of d.changes) {
    const group = groups[groups.length - 1];
    const prev = group?.[group.length - 1];
    if (group && prev && c.fromA - prev.toA <= 2 * context) group.push(c);
    else groups.push([c]);
  }
  return groups.map((group) => {
    const first = group[0] as (typeof group)[number];
    const last = group[group.length - 1] as (typeof group)[number];
    const sA = Math.max(0, first.fromA - context);
    const sB = Math.max(0, first.fromB - (first.fromA - sA));
    const eA = Math.min(nA, last.toA + context);
    const eB = Math.min(nB, last.toB + (eA - last.toA));
    const lines: string[] = [];
    const push = (prefix: string, text: string, lastOf: boolean) => {
      lines.push(prefix + text);
      if (lastOf) lines.push(NO_NEWLINE);
    };
    const lastA = (i: number) => i === nA - 1 && !d.endsWithNewlineA;
    const lastB = (i: number) => i === nB - 1 && !d.endsWithNewlineB;
    let a = sA;
    for (const c of group) {
      for (; a < c.fromA; a++) push(' ', d.linesA[a] as string, lastA(a));
      for (let i = c.fromA; i < c.toA; i++) push('-', d.linesA[i] as string, lastA(i));
      for (let i = c.fromB; i < c.toB; i++) push('+', d.linesB[i] as string, lastB(i));
      a = c.toA;
    }
    for (; a < eA; a++) push(' ', d.linesA[a] as string, lastA(a));
    // jsdiff's convention: 1-based starts; formatPatch prints `start - 1` for an empty range.
    return { oldStart: sA + 1, oldLines: eA - sA, newStart: sB + 1, newLines: eB - sB, lines };
  });
}
