import type { Chunk } from '@codemirror/merge';
import type { Text } from '@codemirror/state';

export type Side = 'a' | 'b';

/** The chunk's range on one side: `[from, to)`, `to` possibly one past the document's end. */
export const rangeOf = (c: Chunk, side: Side): [number, number] =>
  side === 'a' ? [c.fromA, c.toA] : [c.fromB, c.toB];

/**
 * The first index in `[0, n)` where `pred` holds, or `n`; `pred` must be false then true along the
 * indexes (a merge view's chunks are sorted and never overlap, so their ranges on either side are).
 */
function firstWhere(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The chunk's start on one side, at most the document's end (an insertion at the very end). */
const startOf = (c: Chunk, side: Side, doc: Text) => Math.min(rangeOf(c, side)[0], doc.length);

/**
 * The chunk at the cursor's line, as vimdiff sees it: one whose lines include the cursor line, or
 * one that is empty on this side (lines only the other file has) sitting right at this line's
 * start or end. -1 when there is none. A binary search: a 50,000-line pair can have thousands.
 */
export function chunkAt(chunks: readonly Chunk[], side: Side, doc: Text, pos: number): number {
  const line = doc.lineAt(pos);
  const hits = (c: Chunk) => {
    const [from, to] = rangeOf(c, side);
    if (from < to) return from <= line.to && to > line.from;
    return from === line.from || from === line.to + 1;
  };
  // Chunks before this one end above the line: none of them can be at it.
  let i = firstWhere(chunks.length, (k) => {
    const [from, to] = rangeOf(chunks[k] as Chunk, side);
    return to > line.from || from >= line.from;
  });
  for (; i < chunks.length && rangeOf(chunks[i] as Chunk, side)[0] <= line.to + 1; i++)
    if (hits(chunks[i] as Chunk)) return i;
  return -1;
}

/**
 * Where `]c` (dir 1) or `[c` (dir -1) goes from `pos`, `count` times: the start of the next change
 * below the cursor line, or of the previous one above it. null at the last/first change (vimdiff
 * does not wrap around). Chunk starts are sorted: each step is a binary search.
 */
export function changeTarget(
  chunks: readonly Chunk[],
  side: Side,
  doc: Text,
  pos: number,
  dir: 1 | -1,
  count = 1,
): number | null {
  const line = doc.lineAt(pos);
  const start = (i: number) => startOf(chunks[i] as Chunk, side, doc);
  let target: number | null = null;
  let from = dir > 0 ? line.to : line.from;
  for (let n = 0; n < count; n++) {
    const i =
      dir > 0
        ? firstWhere(chunks.length, (k) => start(k) > from)
        : firstWhere(chunks.length, (k) => start(k) >= from) - 1;
    if (i < 0 || i >= chunks.length) break;
    target = start(i);
    from = dir > 0 ? doc.lineAt(target).to : doc.lineAt(target).from;
  }
  return target;
}

export interface Transfer {
  /** Which document changes. */
  side: Side;
  from: number;
  to: number;
  insert: string;
}

/**
 * Copy a chunk's lines from one side over the other's (`do` in the receiving pane, `dp` in the
 * giving one), keeping the line break structure right at the end of either document.
 */
export function transferChunk(chunk: Chunk, into: Side, docA: Text, docB: Text): Transfer {
  const [srcDoc, destDoc] = into === 'a' ? [docB, docA] : [docA, docB];
  const [srcFrom, srcTo] = rangeOf(chunk, into === 'a' ? 'b' : 'a');
  const [destFrom, destTo] = rangeOf(chunk, into);
  let insert = srcDoc.sliceString(srcFrom, Math.max(srcFrom, srcTo - 1));
  if (srcFrom !== srcTo && destTo <= destDoc.length) insert += '\n';
  return { side: into, from: destFrom, to: Math.min(destDoc.length, destTo), insert };
}
