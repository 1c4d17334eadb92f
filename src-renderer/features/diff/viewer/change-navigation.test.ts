import { Chunk } from '@codemirror/merge';
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { changePosition, hunkAtCursor, nextChangeIn } from './change-navigation';
import type { Pair } from './layout';
import { diffConfigFor } from './line-changes';

const doc = (lines: string[]) => Text.of(lines);
const config = diffConfigFor({ ignoreWhitespace: false, ignoreComments: false, kind: 'mysql' });
const pairOf = (a: Text, b: Text, side: 'a' | 'b', other: number): Pair => ({
  chunks: Chunk.build(a, b, config),
  side,
  other,
  docA: a,
  docB: b,
});
const lines = (n: number, edit: (i: number) => string | null = () => null) =>
  Array.from({ length: n }, (_x, i) => edit(i) ?? `key_${i} = ${i}`);
const posOfLine = (d: Text, line: number) => d.line(line).from;

// 3-way: left differs from the middle at lines 3 and 10, right at lines 10 and 15.
const left = doc(lines(20, (i) => (i === 2 || i === 9 ? `left_${i} = x` : null)));
const middle = doc(lines(20));
const right = doc(lines(20, (i) => (i === 9 || i === 14 ? `right_${i} = y` : null)));
const middlePairs = [pairOf(left, middle, 'b', 0), pairOf(middle, right, 'a', 2)];

describe(']c / [c over every neighbour of a pane', () => {
  it('goes to the nearest change of either neighbour, counts included, and stops at the ends', () => {
    const at = (line: number) => posOfLine(middle, line);
    expect(nextChangeIn(middlePairs, middle, at(1), 1)).toBe(at(3));
    expect(nextChangeIn(middlePairs, middle, at(3), 1)).toBe(at(10));
    expect(nextChangeIn(middlePairs, middle, at(1), 1, 2)).toBe(at(10));
    expect(nextChangeIn(middlePairs, middle, at(15), 1)).toBeNull();
    expect(nextChangeIn(middlePairs, middle, at(20), -1)).toBe(at(15));
    expect(nextChangeIn(middlePairs, middle, at(10), -1)).toBe(at(3));
    expect(nextChangeIn(middlePairs, middle, at(3), -1)).toBeNull();
  });

  it('numbers the change under the cursor once when both neighbours change the same line', () => {
    const at = (line: number) => posOfLine(middle, line);
    expect(changePosition(middlePairs, middle, at(1))).toEqual({ current: null, total: 3 });
    expect(changePosition(middlePairs, middle, at(3))).toEqual({ current: 1, total: 3 });
    expect(changePosition(middlePairs, middle, at(10))).toEqual({ current: 2, total: 3 });
    expect(changePosition(middlePairs, middle, at(15))).toEqual({ current: 3, total: 3 });
  });
});

describe('the hunk do / dp acts on', () => {
  it('is the one at the cursor line; none between changes', () => {
    const at = (line: number) => posOfLine(middle, line);
    const hit = hunkAtCursor(middlePairs, middle, at(3), null);
    expect(hit.kind).toBe('one');
    if (hit.kind === 'one') {
      expect(hit.pair.other).toBe(0);
      expect(middle.lineAt(hit.chunk.fromB).number).toBe(3);
    }
    expect(hunkAtCursor(middlePairs, middle, at(5), null)).toEqual({ kind: 'none' });
  });

  it('is ambiguous where both neighbours differ, until a pane number picks one', () => {
    const at10 = posOfLine(middle, 10);
    expect(hunkAtCursor(middlePairs, middle, at10, null)).toEqual({ kind: 'ambiguous' });
    const third = hunkAtCursor(middlePairs, middle, at10, 3);
    expect(third.kind === 'one' && third.pair.other).toBe(2);
    expect(hunkAtCursor(middlePairs, middle, posOfLine(middle, 3), 3)).toEqual({ kind: 'none' });
  });
});

describe('the change position of each pane of a 2-way compare', () => {
  it('counts on each pane its own side of the same chunk list', () => {
    // b has 15 more lines at the top: the same chunks start further down on b's side.
    const edit = (i: number) => (i === 10 || i === 20 ? `changed_${i} = 1` : null);
    const a = doc(lines(30, edit));
    const b = doc([
      ...lines(15).map((l) => `only_b_${l}`),
      ...lines(30, (i) => edit(i) && `${edit(i)}0`),
    ]);
    const chunks = Chunk.build(a, b, config);
    const pa: Pair = { chunks, side: 'a', other: 1, docA: a, docB: b };
    const pb: Pair = { chunks, side: 'b', other: 0, docA: a, docB: b };
    expect(changePosition([pb], b, posOfLine(b, 36))).toEqual({ current: 3, total: 3 });
    expect(changePosition([pa], a, posOfLine(a, 21))).toEqual({ current: 3, total: 3 });
    expect(changePosition([pb], b, posOfLine(b, 26))).toEqual({ current: 2, total: 3 });
    expect(changePosition([pa], a, posOfLine(a, 11))).toEqual({ current: 2, total: 3 });
    expect(changePosition([pa], a, posOfLine(a, 5))).toEqual({ current: null, total: 3 });
  });
});
