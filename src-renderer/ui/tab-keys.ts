import { chordMatches, type KeyLike } from './keys';

/**
 * Where a key moves the selection of a strip of `count` tabs from tab `i` (WAI-ARIA tabs: the
 * arrows go round, Home and End to either end): the index of the tab to select and focus, or
 * undefined when the key is not one that moves.
 */
export function tabMove(i: number, count: number, e: KeyLike): number | undefined {
  if (count === 0 || i < 0) return undefined;
  if (chordMatches('Right', e)) return (i + 1) % count;
  if (chordMatches('Left', e)) return (i - 1 + count) % count;
  if (chordMatches('Home', e)) return 0;
  if (chordMatches('End', e)) return count - 1;
  return undefined;
}
