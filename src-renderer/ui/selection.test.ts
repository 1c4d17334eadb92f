import { describe, expect, it } from 'vitest';
import {
  clickSelect,
  emptySelection,
  moveCursor,
  selectAll,
  visibleSelection,
  type Selection,
} from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (s: Selection) => [...s.selected].sort();

describe('selection model', () => {
  it('plain click selects one and sets the anchor', () => {
    const s = clickSelect(clickSelect(emptySelection, 'b', order), 'd', order);
    expect(ids(s)).toEqual(['d']);
    expect(s.anchor).toBe('d');
  });

  it('ctrl-click toggles without losing the rest', () => {
    let s = clickSelect(emptySelection, 'a', order);
    s = clickSelect(s, 'c', order, { toggle: true });
    expect(ids(s)).toEqual(['a', 'c']);
    s = clickSelect(s, 'a', order, { toggle: true });
    expect(ids(s)).toEqual(['c']);
  });

  it('shift-click selects the range from the anchor, in either direction, replacing', () => {
    let s = clickSelect(emptySelection, 'b', order);
    s = clickSelect(s, 'd', order, { shift: true });
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = clickSelect(s, 'a', order, { shift: true });
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.anchor).toBe('b');
  });

  it('ctrl+shift-click adds the range to the existing selection', () => {
    let s = clickSelect(emptySelection, 'a', order);
    s = clickSelect(s, 'd', order, { toggle: true });
    s = clickSelect(s, 'e', order, { shift: true, toggle: true });
    expect(ids(s)).toEqual(['a', 'd', 'e']);
  });

  it('shift-click without an anchor selects just that row', () => {
    expect(ids(clickSelect(emptySelection, 'c', order, { shift: true }))).toEqual(['c']);
  });

  it('arrows move the cursor and clamp; shift extends from the anchor', () => {
    let s = moveCursor(emptySelection, order, 1);
    expect(s.cursor).toBe('a');
    s = moveCursor(s, order, 1);
    expect(ids(s)).toEqual(['b']);
    s = moveCursor(s, order, 1, true);
    s = moveCursor(s, order, 1, true);
    expect(ids(s)).toEqual(['b', 'c', 'd']);
    s = moveCursor(s, order, -3, true);
    expect(ids(s)).toEqual(['a', 'b']);
    s = moveCursor(s, order, Infinity);
    expect(ids(s)).toEqual(['e']);
    s = moveCursor(s, order, -Infinity);
    expect(s.cursor).toBe('a');
    expect(moveCursor(emptySelection, order, -1).cursor).toBe('e');
    expect(moveCursor(emptySelection, [], 1)).toBe(emptySelection);
  });

  it('acts only on visible rows, in display order', () => {
    const s = selectAll(order, emptySelection);
    expect(visibleSelection(s, ['e', 'a'])).toEqual(['e', 'a']);
    expect(visibleSelection(emptySelection, order)).toEqual([]);
  });

  it('with no cursor yet, Down and Home start at the first row, Up and End at the last', () => {
    expect(moveCursor(emptySelection, order, 1).cursor).toBe(order[0]);
    expect(moveCursor(emptySelection, order, -Infinity).cursor).toBe(order[0]);
    expect(moveCursor(emptySelection, order, -1).cursor).toBe(order[order.length - 1]);
    expect(moveCursor(emptySelection, order, Infinity).cursor).toBe(order[order.length - 1]);
  });
});
