import { Prec, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { chordKeyFor } from './diff-keys';
import type { KeySequence } from './key-sequence';

/** What the keys act on (the viewer). */
export interface KeyTarget {
  vim(): boolean;
  editing(): boolean;
  editable(index: number): boolean;
  next(dir: 1 | -1, count: number, index: number): void;
  obtain(count: number | null, index: number): void;
  put(count: number | null, index: number): void;
  folds(open: boolean): void;
  startEditing(index: number): boolean;
  stopEditing(): void;
  events: {
    save(which: 'current' | 'all'): void;
    exPrompt(): void;
    mode(editing: boolean, pending: string): void;
    message(text: string, tone: 'info' | 'warn'): void;
  };
}

/**
 * One pane's keys (the table in diff-keys.ts), before any other keymap: Ctrl+S saves and
 * Alt+↓ ↑ O P move between and take changes in every mode; without the vim keymap, the vimdiff keys (]c [c do dp :, with counts)
 * (and zR zM) act while the pane is not being edited, i/a/Enter start editing and Esc stops.
 */
export function keysLayer(t: KeyTarget, keys: KeySequence, index: number): Extension {
  const onKey = (e: KeyboardEvent): boolean => {
    const handled = () => {
      e.preventDefault();
      return true;
    };
    const chord = chordKeyFor(e);
    if (chord) {
      if (chord === 'save') t.events.save('current');
      else if (chord === 'next' || chord === 'previous')
        t.next(chord === 'next' ? 1 : -1, 1, index);
      else if (chord === 'obtain') t.obtain(null, index);
      else t.put(null, index);
      return handled();
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey) return false;
    if (t.vim()) return false;
    if (t.editing()) {
      if (e.key === 'Escape') return (t.stopEditing(), handled());
      return false;
    }
    if (e.ctrlKey || e.metaKey || ['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) return false;
    const fed = keys.feed(e.key);
    if (fed === 'pending') {
      t.events.mode(false, keys.pending);
      return handled();
    }
    t.events.mode(false, '');
    if (fed !== 'none') {
      const c = fed.done;
      if (c.kind === 'next') t.next(c.dir, c.count, index);
      else if (c.kind === 'obtain') t.obtain(c.count, index);
      else if (c.kind === 'put') t.put(c.count, index);
      else if (c.kind === 'ex') t.events.exPrompt();
      else if (c.kind === 'folds') t.folds(c.open);
      else t.startEditing(index);
      return handled();
    }
    if (e.key.length !== 1) return false;
    t.events.message(
      t.editable(index)
        ? 'Press i or Enter to edit (keys: ]c [c do dp :w)'
        : 'Read-only here (keys: ]c [c do dp :w)',
      'info',
    );
    return handled();
  };
  return Prec.highest(EditorView.domEventHandlers({ keydown: (e) => onKey(e) }));
}
