import type { Chunk } from '@codemirror/merge';
import type { Text } from '@codemirror/state';
import { changeTarget, chunkAt, rangeOf } from './hunk-ops';
import type { Pair } from './layout';

/**
 * Where `]c` / `[c` goes from `head` in a pane that takes part in several chunk lists (the middle
 * of a 3-way compare): the nearest target of any of them. null when there is none that way.
 */
export function nextChangeIn(
  pairs: readonly Pair[],
  doc: Text,
  head: number,
  dir: 1 | -1,
  count = 1,
): number | null {
  let best: number | null = null;
  for (const p of pairs) {
    const t = changeTarget(p.chunks, p.side, doc, head, dir, count);
    if (t !== null && (best === null || (dir > 0 ? t < best : t > best))) best = t;
  }
  return best;
}

/**
 * The pane's distinct change starts, sorted; kept while the pane's chunk lists (and its side in
 * them) stay the same: a list is replaced, never changed, when the differences are recomputed.
 */
let startsCache: { pairs: readonly Pair[]; sorted: number[] } | undefined;

function sortedStarts(pairs: readonly Pair[]): number[] {
  const c = startsCache;
  const same = (p: Pair, i: number) =>
    p.chunks === c?.pairs[i]?.chunks && p.side === c.pairs[i]?.side;
  if (c && c.pairs.length === pairs.length && pairs.every(same)) return c.sorted;
  const starts = new Set<number>();
  for (const p of pairs) for (const ch of p.chunks) starts.add(rangeOf(ch, p.side)[0]);
  const sorted = [...starts].sort((a, b) => a - b);
  startsCache = { pairs, sorted };
  return sorted;
}

/** Index of `value` in ascending `xs` (it is there). */
function indexIn(xs: readonly number[], value: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Which change the cursor is in (1-based, counted over the pane's changes from the top; a change
 * both neighbours share a start with counts once) and how many there are. Reported after every
 * `]c`: the sorted starts are computed once per chunk list, the lookups are binary searches.
 */
export function changePosition(
  pairs: readonly Pair[],
  doc: Text,
  head: number,
): { current: number | null; total: number } {
  const sorted = sortedStarts(pairs);
  let current: number | null = null;
  for (const p of pairs) {
    const i = chunkAt(p.chunks, p.side, doc, head);
    if (i >= 0) current = indexIn(sorted, rangeOf(p.chunks[i] as Chunk, p.side)[0]) + 1;
  }
  return { current, total: sorted.length };
}

/** The hunk `do` / `dp` acts on: none at the cursor, one, or one per neighbour (ambiguous). */
export type HunkPick =
  { kind: 'none' } | { kind: 'ambiguous' } | { kind: 'one'; pair: Pair; chunk: Chunk };

/**
 * The hunk at the cursor line for `do` / `dp`; `pane` (a count, 1-based, as in `1do`) keeps only
 * the hunk shared with that pane.
 */
export function hunkAtCursor(
  pairs: readonly Pair[],
  doc: Text,
  head: number,
  pane: number | null,
): HunkPick {
  let hits = pairs
    .map((pair) => ({ pair, i: chunkAt(pair.chunks, pair.side, doc, head) }))
    .filter((h) => h.i >= 0);
  if (pane !== null) hits = hits.filter((h) => h.pair.other === pane - 1);
  if (!hits.length) return { kind: 'none' };
  if (hits.length > 1) return { kind: 'ambiguous' };
  const { pair, i } = hits[0] as { pair: Pair; i: number };
  return { kind: 'one', pair, chunk: pair.chunks[i] as Chunk };
}
