import type { Chunk } from '@codemirror/merge';
import { EditorState, Text, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { CompareOptions, FileKind } from '../../../../src-main/contract';
import { changeTarget, chunkAt, rangeOf } from './hunk-ops';
import { KeySequence } from './key-sequence';
import { keysLayer, type KeyTarget } from './keys-layer';
import type { Layout, Pair } from './layout';
import { threeWayLayout } from './layout-three';
import { twoWayLayout } from './layout-two';
import { unifiedLayout } from './layout-unified';
import { diffConfigFor } from './line-changes';
import {
  historyOf,
  newCompartments,
  paneExtensions,
  vimKeymap,
  type PaneCompartments,
} from './pane';
import { registerVimdiff, viewers } from './vim-bridge';

export interface ViewerSide {
  label: string;
  content: string;
  editable: boolean;
  kind: FileKind;
}

export interface ViewerOptions {
  layout: 'side' | 'unified';
  ignoreWhitespace: boolean;
  ignoreComments: boolean;
  collapse: boolean;
  vim: boolean;
}

export interface ViewerEvents {
  dirty(index: number, dirty: boolean): void;
  message(text: string, tone: 'info' | 'warn'): void;
  /** Where the cursor is: pane, the change it is in (1-based) or null, how many there are. */
  position(pane: number, change: number | null, changes: number): void;
  /** `:w` (current pane), `:wa`, Ctrl+S. */
  save(which: 'current' | 'all'): void;
  /** `:` in the vimdiff keys layer: the command line opens. */
  exPrompt(): void;
  /** Editing started/stopped; keys typed so far. */
  mode(editing: boolean, pending: string): void;
  close(): void;
}

const DIRTY_CHECK_MS = 120;

/**
 * The diff viewer's engine: builds the layout, keeps each side's content across rebuilds, and does
 * what the keys and buttons ask (]c [c do dp :w :diffupdate), the same in every layout.
 */
export class DiffViewer {
  private layout: Layout | undefined;
  private readonly baselines: Text[];
  private readonly compartments: PaneCompartments[];
  private readonly keys = new KeySequence();
  private docs: Text[];
  private editing = false;
  private focused: number;
  private dirtyTimers: (ReturnType<typeof setTimeout> | undefined)[] = [];
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
    this.baselines = sides.map((s) => Text.of(s.content.split('\n')));
    this.docs = sides.map((s, i) => Text.of((texts?.[i] ?? s.content).split('\n')));
    this.compartments = sides.map(() => newCompartments());
    this.focused = sides.length === 3 ? 1 : sides[1]?.editable || !sides[0]?.editable ? 1 : 0;
    this.build();
    if (texts) this.sides.forEach((_s, i) => this.checkDirty(i));
  }

  get paneCount(): number {
    return this.sides.length;
  }

  get focusedPane(): number {
    return this.focused;
  }

  /** Editable in this layout: 3-way edits the middle only; unified edits the second file. */
  editable(index: number): boolean {
    if (!this.sides[index]?.editable) return false;
    if (this.sides.length === 3) return index === 1;
    return true;
  }

  text(index: number): string {
    return (this.layout?.docs()[index] ?? this.docs[index] ?? Text.empty).toString();
  }

  /** After a save: this content is the side's new clean state. */
  markSaved(index: number, content: string): void {
    this.baselines[index] = Text.of(content.split('\n'));
    this.checkDirty(index);
  }

  /** A side was read again (after a conflict): its content replaces the pane's. */
  replaceSide(index: number, side: ViewerSide): void {
    this.capture();
    this.sides = this.sides.map((s, i) => (i === index ? side : s));
    this.docs[index] = Text.of(side.content.split('\n'));
    this.baselines[index] = this.docs[index] as Text;
    this.rebuild();
    this.events.dirty(index, false);
  }

  setOptions(options: ViewerOptions): void {
    const vimOnly =
      options.vim !== this.options.vim &&
      JSON.stringify({ ...options, vim: 0 }) === JSON.stringify({ ...this.options, vim: 0 });
    this.options = options;
    if (vimOnly) this.applyModes();
    else this.rebuild();
  }

  focus(index = this.focused): void {
    this.viewOf(index)?.focus();
  }

  // ------------------------------------------------------------------------------------ actions

  next(dir: 1 | -1, count = 1, index = this.focused): void {
    const view = this.viewOf(index);
    if (!view) return;
    const head = view.state.selection.main.head;
    const targets = this.pairs(index)
      .map((p) => changeTarget(p.chunks, p.side, view.state.doc, head, dir, count))
      .filter((t): t is number => t !== null);
    if (!targets.length) {
      this.events.message(dir > 0 ? 'No more changes below' : 'No more changes above', 'warn');
      return;
    }
    const pos = dir > 0 ? Math.min(...targets) : Math.max(...targets);
    view.dispatch({
      selection: { anchor: pos },
      effects: EditorView.scrollIntoView(pos, { y: 'center' }),
      userEvent: 'select.diff',
    });
    view.focus();
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
    this.reportPosition(into);
  }

  /** `:diffupdate`: recompute every difference from scratch. */
  update(): void {
    this.rebuild();
    this.events.message('Differences recomputed', 'info');
  }

  /** A command line from the keys layer (without vim): w, wa, diffupdate, diffget, diffput, q. */
  ex(input: string): void {
    const [cmd = '', arg] = input.trim().replace(/^:/, '').split(/\s+/);
    const n = arg && /^\d+$/.test(arg) ? Number(arg) : null;
    if (['w', 'write', 'w!', 'x', 'wq'].includes(cmd)) this.events.save('current');
    else if (['wa', 'wall', 'wqa', 'xa'].includes(cmd)) this.events.save('all');
    else if (/^diffu(p(d(a(te?)?)?)?)?!?$/.test(cmd)) this.update();
    else if (/^diffg(e(t)?)?$/.test(cmd)) this.obtain(n);
    else if (/^diffp(u(t)?)?$/.test(cmd)) this.put(n);
    else if (['q', 'quit', 'q!', 'qa', 'qa!'].includes(cmd)) this.events.close();
    else if (cmd)
      this.events.message(
        `Not a command here: ${cmd} (w, wa, diffupdate, diffget, diffput, q)`,
        'warn',
      );
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
    cancelAnimationFrame(this.positionFrame);
    clearTimeout(this.rebuildTimer);
    this.dirtyTimers.forEach((t) => clearTimeout(t));
    this.layout?.destroy();
    this.layout = undefined;
  }

  // ----------------------------------------------------------------------------------- internal

  private get compare(): CompareOptions {
    const kind = this.sides.find((s) => s.kind !== 'text')?.kind ?? 'text';
    return {
      ignoreWhitespace: this.options.ignoreWhitespace,
      ignoreComments: this.options.ignoreComments,
      kind,
    };
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
      if (!this.editable(action === 'obtain' ? 1 : 0))
        return this.readOnly(action === 'obtain' ? 1 : 0);
      if (!layout.unifiedChunkAction(action))
        this.events.message('No change at the cursor line', 'warn');
      return this.afterEdit();
    }
    const head = view.state.selection.main.head;
    let hits = this.pairs(index)
      .map((p) => ({ p, i: chunkAt(p.chunks, p.side, view.state.doc, head) }))
      .filter((h) => h.i >= 0);
    if (count !== null) hits = hits.filter((h) => h.p.other === count - 1);
    if (!hits.length) return this.events.message('No change at the cursor line', 'warn');
    if (hits.length > 1)
      return this.events.message(
        `Both neighbours differ here: ${action === 'obtain' ? '1do / 3do' : '1dp / 3dp'} picks the left or right file`,
        'warn',
      );
    const { p, i } = hits[0] as { p: Pair; i: number };
    const into = action === 'obtain' ? index : p.other;
    if (!this.editable(into)) return this.readOnly(into);
    layout.transfer(p, p.chunks[i] as Chunk, into);
    this.afterEdit();
    this.reportPosition(index);
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

  private capture(): { selections: (number | undefined)[]; histories: unknown[]; scroll: number } {
    const selections: (number | undefined)[] = [];
    const histories: unknown[] = [];
    if (this.layout) {
      this.docs = this.layout.docs();
      this.layout.views.forEach((v, i) => {
        selections[i] = v?.state.selection.main.head;
        histories[i] = v ? historyOf(v.state) : undefined;
      });
    }
    return { selections, histories, scroll: this.layout?.scrollTop() ?? 0 };
  }

  private build(saved = this.capture()): void {
    const input = {
      parent: this.parent,
      docs: this.docs,
      extensions: (i: number) => this.extensions(i, saved.histories[i]),
      selections: saved.selections,
      diffConfig: diffConfigFor(this.compare),
      collapse: this.options.collapse,
      onChunks: () => this.reportPosition(this.focused),
    };
    this.layout =
      this.sides.length === 3
        ? threeWayLayout(input)
        : this.options.layout === 'unified'
          ? unifiedLayout(input)
          : twoWayLayout(input);
    this.layout.setScrollTop(saved.scroll);
    this.layout.views.forEach((v, i) => v && viewers.set(v, { viewer: this, index: i }));
    this.reportPosition(this.focused);
  }

  private rebuild(): void {
    clearTimeout(this.rebuildTimer);
    const saved = this.capture();
    const hadFocus = this.layout?.views.some((v) => v?.hasFocus) ?? false;
    this.layout?.destroy();
    this.build(saved);
    if (hadFocus) this.focus();
  }

  /** The editor's accessible name: its file, or both files in the unified view. */
  private paneLabel(index: number): string {
    const label = (i: number) => this.sides[i]?.label ?? `file ${i + 1}`;
    if (this.options.layout === 'unified' && this.sides.length === 2)
      return `${label(0)} → ${label(1)} (unified diff)`;
    return label(index);
  }

  private extensions(index: number, history: unknown): Extension {
    return paneExtensions({
      kind: this.sides[index]?.kind ?? 'text',
      label: this.paneLabel(index),
      readOnly: this.readOnlyNow(index),
      vim: this.options.vim,
      keys: this.keysLayer(index),
      compartments: this.compartments[index] as PaneCompartments,
      ...(history !== undefined ? { history } : {}),
      onUpdate: EditorView.updateListener.of((u) => {
        if (u.focusChanged && u.view.hasFocus) {
          this.focused = index;
          this.reportPosition(index);
        }
        if (u.docChanged) {
          this.scheduleDirty(index);
          if (!u.transactions.some((t) => t.isUserEvent('input.diff'))) this.scheduleRebuild();
        }
        if (u.selectionSet || u.docChanged) this.reportPosition(index);
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
        effects: [
          c.readOnly.reconfigure(EditorState.readOnly.of(this.readOnlyNow(i))),
          c.vim.reconfigure(this.options.vim ? vimKeymap() : []),
          c.keys.reconfigure(this.options.vim ? [] : this.keysLayer(i)),
        ],
      });
    });
  }

  private scheduleDirty(index: number): void {
    clearTimeout(this.dirtyTimers[index]);
    this.dirtyTimers[index] = setTimeout(() => this.checkDirty(index), DIRTY_CHECK_MS);
  }

  private checkDirty(index: number): void {
    const doc = this.layout?.docs()[index];
    if (doc) this.events.dirty(index, !doc.eq(this.baselines[index] as Text));
  }

  private positionFrame = 0;

  /** Where the cursor is, at most once a frame (]c held down should not re-render per key). */
  private reportPosition(index: number): void {
    if (this.positionFrame) return;
    this.positionFrame = requestAnimationFrame(() => {
      this.positionFrame = 0;
      this.reportPositionNow(index);
    });
  }

  private reportPositionNow(index: number): void {
    const view = this.viewOf(index);
    if (!view) return;
    const pairs = this.pairs(index);
    const starts = new Set<number>();
    let current: number | null = null;
    const head = view.state.selection.main.head;
    for (const p of pairs) for (const c of p.chunks) starts.add(rangeOf(c, p.side)[0]);
    const sorted = [...starts].sort((a, b) => a - b);
    for (const p of pairs) {
      const i = chunkAt(p.chunks, p.side, view.state.doc, head);
      if (i >= 0) current = sorted.indexOf(rangeOf(p.chunks[i] as Chunk, p.side)[0]) + 1;
    }
    this.events.position(index, current, sorted.length);
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
    startEditing: (i) => this.startEditing(i),
    stopEditing: () => this.stopEditing(),
    events: this.events,
  });
}
