import type { StateEffect } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Lines kept between a change `]c` lands on and the edge of the view before it scrolls. */
export const JUMP_MARGIN_LINES = 3;

/** A vertical stretch of the screen, in pixels. */
export interface Band {
  top: number;
  bottom: number;
}

/** Whether `line` (null: not drawn) lies inside `view` with `spare` pixels left on both ends. */
export function insideWithSpare(line: Band | null, view: Band, spare: number): boolean {
  return line !== null && line.top >= view.top + spare && line.bottom <= view.bottom - spare;
}

/**
 * Whether the line at `pos` is on screen in `scroller` with `margin` lines to spare above and
 * below. Read in the key handler, before the jump writes anything: the layout is still the one
 * the last frame drew, so reading it costs no extra layout.
 */
export function lineOnScreen(
  view: EditorView,
  scroller: HTMLElement,
  pos: number,
  margin = JUMP_MARGIN_LINES,
): boolean {
  const line = view.coordsAtPos(pos); // null when not drawn: far outside the view
  const box = scroller.getBoundingClientRect();
  const shown = {
    top: Math.max(box.top + scroller.clientTop, 0),
    bottom: Math.min(box.top + scroller.clientTop + scroller.clientHeight, window.innerHeight),
  };
  return insideWithSpare(line, shown, margin * view.defaultLineHeight);
}

/**
 * How `]c` / `[c` brings a change into view, as vim does for a jump: a change already on screen
 * is not scrolled to (the view stays still and is not measured again), one off screen comes to
 * the middle of the view.
 */
export function jumpScroll(
  view: EditorView,
  scroller: HTMLElement | undefined,
  pos: number,
): StateEffect<unknown>[] {
  return scroller && lineOnScreen(view, scroller, pos)
    ? []
    : [EditorView.scrollIntoView(pos, { y: 'center' })];
}
