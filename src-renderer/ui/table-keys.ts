import type { KeyboardEvent, MouseEvent, RefObject } from 'react';
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

/**
 * The keys every selectable table shares: arrows, Page Up/Down, Home/End move the cursor (Shift
 * extends), Esc clears, Ctrl/Cmd+A selects all, Shift+F10 or the menu key opens the cursor row's
 * menu (`openMenu` gets a point inside the table). True when the key was one of these.
 */
export function tableKey(
  t: SelectableTable,
  e: KeyboardEvent<HTMLDivElement>,
  openMenu: (x: number, y: number) => boolean,
): boolean {
  const page = Math.max(1, Math.floor((t.container.current?.clientHeight ?? 260) / 26) - 2);
  const moves: Record<string, number> = {
    ArrowDown: 1,
    ArrowUp: -1,
    PageDown: page,
    PageUp: -page,
    Home: -Infinity,
    End: Infinity,
  };
  const delta = moves[e.key];
  if (delta !== undefined) {
    e.preventDefault();
    t.setSelection(moveCursor(t.selection, t.order, delta, e.shiftKey));
    return true;
  }
  if (e.key === 'Escape') {
    t.setSelection(emptySelection);
    return true;
  }
  if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
    const r = t.container.current?.getBoundingClientRect();
    if (openMenu((r?.left ?? 0) + 160, (r?.top ?? 0) + 80)) e.preventDefault();
    return true;
  }
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
    e.preventDefault();
    t.setSelection(selectAll(t.order, t.selection));
    return true;
  }
  return false;
}
