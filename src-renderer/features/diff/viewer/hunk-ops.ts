import type { Chunk } from '@codemirror/merge';
import type { Text } from '@codemirror/state';

export type Side = 'a' | 'b';

/** The chunk's range on one side: `[from, to)`, `to` possibly one past the document's end. */
export const rangeOf = (c: Chunk, side: Side): [number, number] =>
  side === 'a' ? [c.fromA, c.toA] : [c.fromB, c.toB];

/**
 * The chunk at the cursor's line, as vimdiff sees it: one whose lines include the cursor line, or
 * one that is empty on this side (lines only the other file has) sitting right at this line's
 * start or end. -1 when there is none.
 */
export function chunkAt(chunks: readonly Chunk[], side: Side, doc: Text, pos: number): number {
  const line = doc.lineAt(pos);
  return chunks.findIndex((c) => {
    const [from, to] = rangeOf(c, side);
    if (from < to) return from <= line.to && to > line.from;
    return from === line.from || from === line.to + 1;
  });
}

/**
 * Where `]c` (dir 1) or `[c` (dir -1) goes from `pos`, `count` times: the start of the next change
 * below the cursor line, or of the previous one above it. null at the last/first change (vimdiff
 * does not wrap around).
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
  const starts = chunks.map((c) => Math.min(rangeOf(c, side)[0], doc.length));
  let target: number | null = null;
  let from = dir > 0 ? line.to : line.from;
  for (let n = 0; n < count; n++) {
    const next =
      dir > 0 ? starts.find((s) => s > from) : [...starts].reverse().find((s) => s < from);
    if (next === undefined) break;
    target = next;
    from = dir > 0 ? doc.lineAt(next).to : doc.lineAt(next).from;
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
