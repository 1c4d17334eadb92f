import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { nextChangeIn } from './change-navigation';
import type { Layout } from './layout';

/**
 * Drawing the lines the next `]c` will show while the viewer is idle, so that the jump
 * itself only moves the cursor and scrolls.
 *
 * CodeMirror draws the visible lines and a margin of about 500 px above and below them (its
 * `VP.Margin` of 1000 px, split evenly at rest); it draws again, in both editors of a merge view,
 * when a scroll brings the visible range within 10 px of the drawn edge (`VP.MinCoverMargin`) —
 * with unchanged runs folded that is every third jump or so, and those jumps cost twice the others.
 * When the next change's view would reach past what is drawn, the idle time makes the editor
 * draw around the visible range again through a scroll target just past the drawn edge:
 * CodeMirror computes the lines to draw from a scroll target outside its drawn range (a window
 * that ends ~500 px past it) when it updates its view state, before any scrolling. The scroll
 * step itself is then refused by `drawAheadScrollGuard` (a scroll handler that answers "handled"
 * for these targets), so no scroller moves, vertically or sideways: margins alone would not do,
 * CodeMirror cuts them to the editor's size.
 *
 * Only downward (the lines a `]c` will show): drawing lines *above* the visible range would skip
 * CodeMirror's scroll-anchor correction for that measure pass (a scroll target replaces it), so a
 * block drawn there for the first time (a fold bar is estimated at 27 px, drawn at ~20) would
 * move the visible text. Drawing downward starts the new range no higher than the old one (it
 * only draws when less than 500 px is left below, so more than that is drawn above), and lines
 * below the visible ones do not move them.
 */

/** How far past the visible range CodeMirror draws once it draws around it (half its margin). */
export const DRAWN_BEYOND_PX = 500;
/** The next view must end at least this far inside the drawn range (10 px in CodeMirror, plus slack). */
export const COVER_PX = 30;
/** The margin that marks a draw-ahead's scroll target (`drawAheadScrollGuard` refuses to scroll it). */
const DRAW_AHEAD_MARGIN = -1e9;

/**
 * In every pane: a draw-ahead's scroll target scrolls nothing (the handler gets the target's
 * margins as given, before CodeMirror clamps them).
 */
export const drawAheadScrollGuard: Extension = EditorView.scrollHandler.of(
  (_view, _range, options) => options.yMargin === DRAW_AHEAD_MARGIN,
);

/** A vertical range in screen pixels. */
export interface Span {
  top: number;
  bottom: number;
}

/**
 * Whether the view centred on the next change (`next`, in the direction of travel) is inside
 * what is drawn (`covered`), would be once the drawn range is centred on the `visible` one
 * (`draw`), or lies further than any drawing around the visible range reaches (`too-far`: the
 * jump will draw, as a jump across a long unfolded run must).
 */
export function drawAheadNeed(
  visible: Span,
  next: Span,
  drawn: Span,
  dir: 1 | -1,
): 'covered' | 'draw' | 'too-far' {
  if (dir > 0 ? drawn.bottom >= next.bottom + COVER_PX : drawn.top <= next.top - COVER_PX)
    return 'covered';
  const reaches =
    dir > 0
      ? visible.bottom + DRAWN_BEYOND_PX >= next.bottom + COVER_PX
      : visible.top - DRAWN_BEYOND_PX <= next.top - COVER_PX;
  return reaches ? 'draw' : 'too-far';
}

/** The lines an editor has drawn, in screen pixels (unbounded at the document's ends). */
export function drawnSpan(view: EditorView): Span {
  const { from, to } = view.viewport;
  const top = view.documentTop;
  return {
    top: from <= 0 ? -Infinity : top + view.lineBlockAt(from).top,
    bottom: to >= view.state.doc.length ? Infinity : top + view.lineBlockAt(to).bottom,
  };
}

/** The part of a scroller that shows on screen. */
export function visibleSpan(scroller: HTMLElement): Span {
  const rect = scroller.getBoundingClientRect();
  const win = scroller.ownerDocument.defaultView;
  return {
    top: Math.max(rect.top, 0),
    bottom: Math.min(rect.top + scroller.clientHeight, win?.innerHeight ?? Infinity),
  };
}

/** The view `]c` will show: `pos`'s line in the middle of the visible range. */
export function centredOn(view: EditorView, pos: number, visible: Span): Span {
  const block = view.lineBlockAt(pos);
  const middle = view.documentTop + (block.top + block.bottom) / 2;
  const half = (visible.bottom - visible.top) / 2;
  return { top: middle - half, bottom: middle + half };
}

/** Make the editor draw around the visible range again, without scrolling anything (needs the guard). */
export function redrawAroundVisible(view: EditorView, dir: 1 | -1): void {
  const { from, to } = view.viewport;
  const pos = dir > 0 ? to + 1 : from - 1;
  if (pos < 0 || pos > view.state.doc.length) return;
  view.dispatch({
    effects: EditorView.scrollIntoView(pos, {
      y: 'nearest',
      x: 'nearest',
      yMargin: DRAW_AHEAD_MARGIN,
      xMargin: DRAW_AHEAD_MARGIN,
    }),
  });
}

/** What the drawing ahead needs from the viewer when it runs. */
export interface AheadPlan {
  /** Every editor that scrolls with the focused one (both sides of a merge view). */
  views: readonly EditorView[];
  /** Where the next jump lands in `focused`, or null when there is no next change. */
  target: number | null;
  focused: EditorView;
  scroller: HTMLElement;
}

/** The plan for a jump from pane `index` of `layout` (2-way and unified; 3-way panes scroll apart). */
export function planAhead(
  layout: Layout | undefined,
  index: number,
  dir: 1 | -1,
): AheadPlan | null {
  const focused = layout?.views[index];
  const scroller = layout?.scroller;
  if (!layout || !focused || !scroller) return null;
  const { doc, selection } = focused.state;
  return {
    views: layout.views.filter((v): v is EditorView => v !== undefined),
    focused,
    scroller,
    target: nextChangeIn(layout.pairs(index), doc, selection.main.head, dir),
  };
}

/**
 * Runs the drawing ahead once the browser is idle after a jump: two frames later (the other
 * editor of a merge view measures on the scroll event, one frame after the jump) and only when
 * nothing moved the cursor or changed the text meanwhile. After a `]c` only (see above: drawing
 * upward could move the text).
 */
export class DrawAhead {
  private frame = 0;
  private idle = 0;

  constructor(private readonly plan: (dir: 1 | -1) => AheadPlan | null) {}

  schedule(dir: 1 | -1): void {
    this.cancel();
    if (dir < 0 || typeof requestIdleCallback !== 'function') return;
    this.frame = requestAnimationFrame(() => {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        const first = this.plan(dir)?.focused.state;
        this.idle = requestIdleCallback(() => {
          this.idle = 0;
          const plan = this.plan(dir);
          if (!plan || plan.target === null) return;
          const now = plan.focused.state;
          if (!first || now.doc !== first.doc || !now.selection.eq(first.selection)) return;
          this.run(plan, plan.target, dir);
        });
      });
    });
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
    if (this.idle) cancelIdleCallback(this.idle);
    this.frame = 0;
    this.idle = 0;
  }

  private run(plan: AheadPlan, target: number, dir: 1 | -1): void {
    const visible = visibleSpan(plan.scroller);
    if (visible.bottom <= visible.top) return;
    const next = centredOn(plan.focused, target, visible);
    for (const view of plan.views)
      if (drawAheadNeed(visible, next, drawnSpan(view), dir) === 'draw')
        redrawAroundVisible(view, dir);
  }
}
