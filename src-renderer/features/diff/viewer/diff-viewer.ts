import { Text, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { CompareOptions } from '../../../../src-main/contract';
import { changePosition, hunkAtCursor, nextChangeIn } from './change-navigation';
import { DirtyTracker } from './dirty-tracker';
import { DrawAhead, planAhead } from './draw-ahead';
import { EX_COMMANDS, parseEx } from './ex-command';
import { FrameThrottle } from './frame-throttle';
import { KeySequence } from './key-sequence';
import { keysLayer, type KeyTarget } from './keys-layer';
import type { Layout, Pair } from './layout';
import { buildLayout } from './layout-choice';
import { diffConfigFor } from './line-changes';
import { modeEffects, newCompartments, paneExtensions, type PaneCompartments } from './pane';
import {
  compareOptionsOf,
  firstFocusedPane,
  foldsChange,
  paneEditable,
  paneLabel,
} from './pane-rules';
import { snapshotPanes, withSideReplaced, type PaneSnapshot } from './pane-snapshot';
import type { ViewerEvents, ViewerOptions, ViewerSide } from './viewer-types';
import { registerVimdiff, viewers } from './vim-bridge';

export type { ViewerEvents, ViewerOptions, ViewerSide } from './viewer-types';

const textOf = (content: string) => Text.of(content.split('\n'));

/**
 * Past this many lines on either side the panes show no syntax colours: a stream parser has to
 * read every line up to where `]c` lands, which would cost each jump through a large file.
 */
export const SYNTAX_MAX_LINES = 20_000;

/**
 * The diff viewer's engine: builds the layout, keeps each side's content across rebuilds, and does
 * what the keys and buttons ask (]c [c do dp :w :diffupdate), the same in every layout.
 */
export class DiffViewer {
  private layout: Layout | undefined;
  private readonly compartments: PaneCompartments[];
  private readonly keys = new KeySequence();
  private readonly dirty: DirtyTracker;
  private readonly positions = new FrameThrottle<number>((i) => this.reportPositionNow(i));
  private readonly ahead = new DrawAhead((dir) => planAhead(this.layout, this.focused, dir));
  private docs: Text[];
  private editing = false;
  private focused: number;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly parent: HTMLElement,
    private sides: ViewerSide[],
    private options: ViewerOptions,
    private readonly events: ViewerEvents,
    /** Content with unsaved edits from an earlier mount of the same comparison. */
    texts?: readonly string[],
  ) {
    registerVimdiff();
    // Each file is split into lines once: without earlier edits, the clean state is the doc itself.
    const baselines = sides.map((s) => textOf(s.content));
    this.docs = baselines.map((b, i) => (texts?.[i] === undefined ? b : textOf(texts[i])));
    this.dirty = new DirtyTracker(baselines, (i) => this.layout?.docs()[i], events.dirty);
    this.compartments = sides.map(() => newCompartments());
    this.focused = firstFocusedPane(sides);
    this.build();
    if (texts) this.sides.forEach((_s, i) => this.dirty.check(i));
  }

  get paneCount(): number {
    return this.sides.length;
  }

  get focusedPane(): number {
    return this.focused;
  }

  /** Editable in this layout: 3-way edits the middle only. */
  editable(index: number): boolean {
    return paneEditable(this.sides, index);
  }

  text(index: number): string {
    return (this.layout?.docs()[index] ?? this.docs[index] ?? Text.empty).toString();
  }

  /** Which panes have edits, checked now (the check otherwise waits for typing to pause). */
  flushDirty(): void {
    this.dirty.flush();
  }

  /** After a save: this content is the side's new clean state. */
  markSaved(index: number, content: string): void {
    this.dirty.setBaseline(index, textOf(content));
    this.dirty.check(index);
  }

  /**
   * A side was read again (after a conflict, or "Read the file again"): its content replaces the
   * pane's, with a fresh undo history (undo cannot bring back edits to the old text).
   */
  replaceSide(index: number, side: ViewerSide): void {
    this.sides = this.sides.map((s, i) => (i === index ? side : s));
    const text = textOf(side.content);
    this.dirty.setBaseline(index, text);
    this.rebuild({ index, doc: text });
    this.events.dirty(index, false);
  }

  setOptions(options: ViewerOptions): void {
    // The tab passes its options on every change of them, the first time with the ones the
    // viewer was built with: nothing to recompute then.
    if (JSON.stringify(options) === JSON.stringify(this.options)) return;
    const vimOnly =
      options.vim !== this.options.vim &&
      JSON.stringify({ ...options, vim: 0 }) === JSON.stringify({ ...this.options, vim: 0 });
    const refold = options.collapse !== this.options.collapse;
    this.options = options;
    if (vimOnly) this.applyModes();
    else this.rebuild();
    // Folding or unfolding moves every line: the cursor's line stays in the middle of the view.
    if (refold) this.centreCursor();
  }

  focus(index = this.focused): void {
    this.viewOf(index)?.focus();
  }

  // ------------------------------------------------------------------------------------ actions

  /** `]c` / `[c`: the cursor goes to the start of the next/previous change (`focus`: and the pane). */
  next(dir: 1 | -1, count = 1, index = this.focused, focus = true): void {
    const view = this.viewOf(index);
    if (!view) return;
    const pos = nextChangeIn(
      this.pairs(index),
      view.state.doc,
      view.state.selection.main.head,
      dir,
      count,
    );
    if (pos === null) {
      this.events.message(dir > 0 ? 'No more changes below' : 'No more changes above', 'warn');
      return;
    }
    view.dispatch({
      selection: { anchor: pos },
      effects: EditorView.scrollIntoView(pos, { y: 'center' }),
      userEvent: 'select.diff',
    });
    if (focus && !view.hasFocus) view.focus();
    this.ahead.schedule(dir);
  }

  /**
   * `zR` / `zM`: show every unchanged line, or fold the unchanged runs again (vimdiff's
   * foldmethod=diff). The tab's Collapse option, so the toolbar shows it and it is remembered.
   */
  folds(open: boolean): void {
    const fold = foldsChange(this.sides.length, this.options.collapse, open);
    if (fold.collapse !== undefined) this.events.collapse(fold.collapse);
    if (fold.refold) {
      this.rebuild();
      this.centreCursor();
    }
    this.events.message(fold.message, 'info');
  }

  private centreCursor(): void {
    const view = this.viewOf(this.focused);
    if (!view) return;
    view.dispatch({
      effects: EditorView.scrollIntoView(view.state.selection.main.head, { y: 'center' }),
    });
  }

  /** `do`: the hunk at the cursor comes from the other side (a count names the pane: 1do). */
  obtain(count: number | null = null, index = this.focused): void {
    this.move('obtain', count, index);
  }

  /** `dp`: the hunk at the cursor goes to the other side. */
  put(count: number | null = null, index = this.focused): void {
    this.move('put', count, index);
  }

  /** Make a pane's content another pane's (restoring a snapshot into the host file). */
  takeAll(from: number, into: number): void {
    const view = this.viewOf(into);
    if (!view || !this.editable(into)) return this.readOnly(into);
    const text = this.text(from);
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      userEvent: 'input.diff',
    });
    this.afterEdit();
    this.positions.request(into);
  }

  /** `:diffupdate`: recompute every difference from scratch. */
  update(): void {
    this.rebuild();
    this.events.message('Differences recomputed', 'info');
  }

  /** A command line from the keys layer (without vim): w, wa, diffupdate, diffget, diffput, q. */
  ex(input: string): void {
    const c = parseEx(input);
    if (c.kind === 'save') this.events.save(c.which);
    else if (c.kind === 'diffupdate') this.update();
    else if (c.kind === 'obtain') this.obtain(c.count);
    else if (c.kind === 'put') this.put(c.count);
    else if (c.kind === 'close') this.events.close();
    else if (c.kind === 'unknown')
      this.events.message(`Not a command here: ${c.name} (${EX_COMMANDS})`, 'warn');
  }

  /** An ex command typed in a pane (vim's command line). */
  exIn(index: number, input: string): void {
    this.focused = index;
    this.ex(input);
  }

  startEditing(index = this.focused): boolean {
    if (!this.editable(index)) {
      this.events.message(`${this.sides[index]?.label ?? 'This file'} is read-only here`, 'warn');
      return false;
    }
    this.editing = true;
    this.focused = index;
    this.applyModes();
    this.events.mode(true, '');
    this.focus(index);
    return true;
  }

  stopEditing(): void {
    this.editing = false;
    this.applyModes();
    this.events.mode(false, '');
  }

  destroy(): void {
    this.positions.cancel();
    this.ahead.cancel();
    clearTimeout(this.rebuildTimer);
    this.dirty.destroy();
    this.layout?.destroy();
    this.layout = undefined;
  }

  // ----------------------------------------------------------------------------------- internal

  private get compare(): CompareOptions {
    return compareOptionsOf(this.sides, this.options);
  }

  private get ignoring(): boolean {
    return this.options.ignoreWhitespace || this.options.ignoreComments;
  }

  private viewOf(index: number): EditorView | undefined {
    return this.layout?.views[index];
  }

  private pairs(index: number): Pair[] {
    return this.layout?.pairs(index) ?? [];
  }

  private move(action: 'obtain' | 'put', count: number | null, index: number): void {
    const view = this.viewOf(index);
    const layout = this.layout;
    if (!view || !layout) return;
    if (layout.unifiedChunkAction) {
      const into = action === 'obtain' ? 1 : 0;
      if (!this.editable(into)) return this.readOnly(into);
      if (!layout.unifiedChunkAction(action))
        this.events.message('No change at the cursor line', 'warn');
      return this.afterEdit();
    }
    const hit = hunkAtCursor(
      this.pairs(index),
      view.state.doc,
      view.state.selection.main.head,
      count,
    );
    if (hit.kind === 'none') return this.events.message('No change at the cursor line', 'warn');
    if (hit.kind === 'ambiguous')
      return this.events.message(
        `Both neighbours differ here: ${action === 'obtain' ? '1do / 3do' : '1dp / 3dp'} picks the left or right file`,
        'warn',
      );
    const into = action === 'obtain' ? index : hit.pair.other;
    if (!this.editable(into)) return this.readOnly(into);
    layout.transfer(hit.pair, hit.chunk, into);
    this.afterEdit();
    this.positions.request(index);
  }

  private readOnly(index: number): void {
    const why = this.sides.length === 3 ? ' (3-way: the middle file is the one you edit)' : '';
    this.events.message(
      `${this.sides[index]?.label ?? 'That file'} is read-only here${why}`,
      'warn',
    );
  }

  /** With an ignore option, chunks between edits cannot be updated piecemeal: recompute them. */
  private afterEdit(): void {
    if (this.ignoring && this.sides.length === 2) this.rebuild();
  }

  private scheduleRebuild(): void {
    if (!this.ignoring || this.sides.length !== 2) return;
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => this.rebuild(), 400);
  }

  private build(saved: PaneSnapshot = snapshotPanes(this.layout, this.docs)): void {
    this.docs = saved.docs;
    this.layout = buildLayout(
      {
        parent: this.parent,
        docs: this.docs,
        extensions: (i: number) => this.extensions(i, saved.histories[i]),
        selections: saved.selections,
        diffConfig: diffConfigFor(this.compare),
        collapse: this.options.collapse,
        onChunks: () => this.positions.request(this.focused),
      },
      this.sides.length,
      this.options.layout,
    );
    // A new layout is at the top: setting 0 would only force the browser to lay it out early.
    if (saved.scroll) this.layout.setScrollTop(saved.scroll);
    this.layout.views.forEach((v, i) => v && viewers.set(v, { viewer: this, index: i }));
    this.positions.request(this.focused);
  }

  /**
   * Build the layout again, keeping content, cursors and undo; `replace` puts a side read again
   * (its cursor and undo history start afresh).
   */
  private rebuild(replace?: { index: number; doc: Text }): void {
    clearTimeout(this.rebuildTimer);
    const now = snapshotPanes(this.layout, this.docs);
    const saved = replace ? withSideReplaced(now, replace.index, replace.doc) : now;
    const hadFocus = this.layout?.views.some((v) => v?.hasFocus) ?? false;
    this.ahead.cancel();
    this.layout?.destroy();
    this.build(saved);
    if (hadFocus) this.focus();
  }

  private extensions(index: number, history: unknown): Extension {
    return paneExtensions({
      kind: this.sides[index]?.kind ?? 'text',
      syntax: this.docs.every((d) => d.lines <= SYNTAX_MAX_LINES),
      label: paneLabel(this.sides, this.options, index),
      readOnly: this.readOnlyNow(index),
      vim: this.options.vim,
      keys: this.keysLayer(index),
      compartments: this.compartments[index] as PaneCompartments,
      ...(history !== undefined ? { history } : {}),
      onUpdate: EditorView.updateListener.of((u) => {
        if (u.focusChanged && u.view.hasFocus) {
          this.focused = index;
          this.positions.request(index);
        }
        if (u.docChanged) {
          this.dirty.schedule(index);
          if (!u.transactions.some((t) => t.isUserEvent('input.diff'))) this.scheduleRebuild();
        }
        if (u.selectionSet || u.docChanged) this.positions.request(index);
      }),
    });
  }

  private readOnlyNow(index: number): boolean {
    return !this.editable(index) || (!this.options.vim && !this.editing);
  }

  private applyModes(): void {
    this.layout?.views.forEach((v, i) => {
      if (!v) return;
      const c = this.compartments[i] as PaneCompartments;
      v.dispatch({
        effects: modeEffects(c, this.readOnlyNow(i), this.options.vim, this.keysLayer(i)),
      });
    });
  }

  private reportPositionNow(index: number): void {
    const view = this.viewOf(index);
    if (!view) return;
    const { current, total } = changePosition(
      this.pairs(index),
      view.state.doc,
      view.state.selection.main.head,
    );
    this.events.position(index, current, total);
  }

  /** The vimdiff keys without vim: ]c [c do dp : i/Enter; Ctrl+S; Alt+↓ ↑ O P everywhere. */
  private keysLayer(index: number): Extension {
    return keysLayer(this.keyTarget(), this.keys, index);
  }

  private keyTarget = (): KeyTarget => ({
    vim: () => this.options.vim,
    editing: () => this.editing,
    editable: (i) => this.editable(i),
    next: (dir, count, i) => this.next(dir, count, i),
    obtain: (count, i) => this.obtain(count, i),
    put: (count, i) => this.put(count, i),
    folds: (open) => this.folds(open),
    startEditing: (i) => this.startEditing(i),
    stopEditing: () => this.stopEditing(),
    events: this.events,
  });
}
