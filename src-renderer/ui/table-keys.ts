import type { KeyboardEvent, MouseEvent, RefObject } from 'react';
import { chordMatches, type ShortcutDoc } from './keys';
import { clickSelect, emptySelection, moveCursor, selectAll, type Selection } from './selection';

/** A selectable table: its visible row keys in order, its selection and its focusable container. */
export interface SelectableTable {
  order: readonly string[];
  selection: Selection;
  setSelection(selection: Selection): void;
  container: RefObject<HTMLDivElement | null>;
}

/** Click selects one, Shift-click a range, Ctrl/Cmd-click toggles; the table takes the focus. */
export function rowClick(t: SelectableTable, key: string, e: MouseEvent): void {
  t.container.current?.focus();
  t.setSelection(
    clickSelect(t.selection, key, t.order, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey }),
  );
}

/** Right-click: a row outside the selection becomes the selection. Returns what the menu is for. */
export function contextSelect(t: SelectableTable, key: string): Selection {
  const sel = t.selection.selected.has(key)
    ? t.selection
    : clickSelect(emptySelection, key, t.order);
  t.setSelection(sel);
  return sel;
}

type Apply = (
  t: SelectableTable,
  e: KeyboardEvent<HTMLDivElement>,
  openMenu: (x: number, y: number) => boolean,
) => void;

interface TableKey extends ShortcutDoc {
  apply: Apply;
}

const page = (t: SelectableTable) =>
  Math.max(1, Math.floor((t.container.current?.clientHeight ?? 260) / 26) - 2);
const move =
  (delta: (t: SelectableTable) => number, extend: boolean): Apply =>
  (t, e) => {
    e.preventDefault();
    t.setSelection(moveCursor(t.selection, t.order, delta(t), extend));
  };

/** The keys every selectable table shares (and the `?` sheet lists under "Tables"). */
export const TABLE_KEYS: readonly TableKey[] = [
  {
    group: 'Tables',
    keys: ['Down', 'Up'],
    label: 'Move the cursor row',
    apply: (t, e) => move(() => (e.key === 'ArrowDown' ? 1 : -1), false)(t, e, () => false),
  },
  {
    group: 'Tables',
    keys: ['Shift+Down', 'Shift+Up'],
    label: 'Extend the selection',
    apply: (t, e) => move(() => (e.key === 'ArrowDown' ? 1 : -1), true)(t, e, () => false),
  },
  {
    group: 'Tables',
    keys: ['PgDn', 'PgUp', 'Shift+PgDn', 'Shift+PgUp'],
    label: 'A page down or up (Shift extends)',
    apply: (t, e) =>
      move((x) => (e.key === 'PageDown' ? page(x) : -page(x)), e.shiftKey)(t, e, () => false),
  },
  {
    group: 'Tables',
    keys: ['Home', 'End', 'Shift+Home', 'Shift+End'],
    label: 'First or last row (Shift extends)',
    apply: (t, e) =>
      move(() => (e.key === 'Home' ? -Infinity : Infinity), e.shiftKey)(t, e, () => false),
  },
  {
    group: 'Tables',
    keys: ['Mod+A'],
    label: 'Select every row shown',
    apply: (t, e) => {
      e.preventDefault();
      t.setSelection(selectAll(t.order, t.selection));
    },
  },
  {
    group: 'Tables',
    keys: ['Esc'],
    label: 'Clear the selection',
    apply: (t) => t.setSelection(emptySelection),
  },
  {
    group: 'Tables',
    keys: ['Menu', 'Shift+F10'],
    label: "The cursor row's actions",
    apply: (t, e, openMenu) => {
      const r = t.container.current?.getBoundingClientRect();
      if (openMenu((r?.left ?? 0) + 160, (r?.top ?? 0) + 80)) e.preventDefault();
    },
  },
];

/** Apply the shared table keys (TABLE_KEYS); true when the key was one of them. */
export function tableKey(
  t: SelectableTable,
  e: KeyboardEvent<HTMLDivElement>,
  openMenu: (x: number, y: number) => boolean,
): boolean {
  const k = TABLE_KEYS.find((x) => x.keys.some((c) => chordMatches(c, e)));
  if (!k) return false;
  k.apply(t, e, openMenu);
  return true;
}
