/**
 * Multi-selection over an ordered list (the visible, sorted rows), pure. Follows file-manager
 * conventions: click selects one, Ctrl/Cmd-click toggles, Shift-click selects the range from the
 * anchor, arrows move the cursor (Shift extends).
 */

export interface Selection {
  readonly selected: ReadonlySet<string>;
  /** Where a Shift range starts. */
  readonly anchor: string | null;
  /** The keyboard cursor. */
  readonly cursor: string | null;
}

export const emptySelection: Selection = { selected: new Set(), anchor: null, cursor: null };

export interface Modifiers {
  shift?: boolean;
  /** Ctrl on Linux/Windows, Cmd on macOS. */
  toggle?: boolean;
}

function range(order: readonly string[], from: string | null, to: string): string[] {
  const b = order.indexOf(to);
  if (b < 0) return [];
  const a = from === null ? -1 : order.indexOf(from);
  if (a < 0) return [to];
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return order.slice(lo, hi + 1);
}

export function clickSelect(
  sel: Selection,
  id: string,
  order: readonly string[],
  mods: Modifiers = {},
): Selection {
  if (mods.shift) {
    const anchor = sel.anchor && order.includes(sel.anchor) ? sel.anchor : id;
    const ids = range(order, anchor, id);
    const selected = new Set(mods.toggle ? [...sel.selected, ...ids] : ids);
    return { selected, anchor, cursor: id };
  }
  if (mods.toggle) {
    const selected = new Set(sel.selected);
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    return { selected, anchor: id, cursor: id };
  }
  return { selected: new Set([id]), anchor: id, cursor: id };
}

/**
 * Move the cursor by `delta` rows (±1 arrows, ±page, ±Infinity for Home/End). Without `extend`
 * the cursor row becomes the only selection; with it, the range anchor→cursor is selected.
 */
export function moveCursor(
  sel: Selection,
  order: readonly string[],
  delta: number,
  extend = false,
): Selection {
  if (order.length === 0) return sel;
  const at = sel.cursor === null ? -1 : order.indexOf(sel.cursor);
  let next: number;
  // No cursor yet: Down and Home start at the top, Up and End at the bottom.
  if (at < 0)
    next = delta === Infinity || (delta < 0 && delta !== -Infinity) ? order.length - 1 : 0;
  else next = Math.min(order.length - 1, Math.max(0, at + delta));
  const id = order[next]!;
  if (extend) {
    const anchor =
      sel.anchor && order.includes(sel.anchor) ? sel.anchor : (order[Math.max(at, 0)] ?? id);
    return { selected: new Set(range(order, anchor, id)), anchor, cursor: id };
  }
  return { selected: new Set([id]), anchor: id, cursor: id };
}

export function selectAll(order: readonly string[], sel: Selection): Selection {
  return {
    selected: new Set(order),
    anchor: sel.anchor ?? order[0] ?? null,
    cursor: sel.cursor ?? order[0] ?? null,
  };
}

/**
 * The selected ids that are visible, in display order. Actions (remove!) use this, so a host
 * hidden by a filter is never acted on by surprise.
 */
export function visibleSelection(sel: Selection, order: readonly string[]): string[] {
  if (sel.selected.size === 0) return [];
  return order.filter((id) => sel.selected.has(id));
}
