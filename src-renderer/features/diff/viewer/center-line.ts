import type { EditorView } from '@codemirror/view';

/**
 * Scroll `scroller` so that the line at `pos` of `view` sits in its middle, now, from the editor's
 * height map (what `EditorView.scrollIntoView(pos, { y: 'center' })` does, without waiting for
 * the editor's next measure: in the 2-way merge view both editors measure again anyway when the
 * shared scroller scrolls, so letting the focused one measure first to scroll is a third pass).
 * Reads the layout once, right after the selection was drawn.
 */
export function centerLine(scroller: HTMLElement, view: EditorView, pos: number): void {
  const block = view.lineBlockAt(pos);
  const box = scroller.getBoundingClientRect();
  const lineMiddle = view.documentTop + (block.top + block.bottom) / 2;
  const delta = lineMiddle - (box.top + scroller.clientTop + scroller.clientHeight / 2);
  if (Math.abs(delta) >= 1) scroller.scrollTop += delta;
}
