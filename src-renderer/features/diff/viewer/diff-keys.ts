import type { ShortcutDoc } from '../../../ui/keys';

/** What a vimdiff key sequence asks for. */
export type KeyCommand =
  | { kind: 'next'; dir: 1 | -1; count: number }
  | { kind: 'obtain'; count: number | null }
  | { kind: 'put'; count: number | null }
  | { kind: 'ex' }
  | { kind: 'folds'; open: boolean }
  | { kind: 'edit' };

/** A vimdiff key sequence (typed while a pane is not being edited), and what it asks for. */
export interface SequenceKey {
  /** The sequences, as typed (`KeyboardEvent.key`s joined; `Enter` is one key). */
  keys: readonly string[];
  /** Whether a count may come first (`3]c`, `1do`); the command gets null without one. */
  counted: boolean;
  label: string;
  command(count: number | null): KeyCommand;
}

/** Keys a pane handles in every mode (with the vim keymap too), before any other keymap. */
export type ChordKeyId = 'save' | 'next' | 'previous' | 'obtain' | 'put';
export interface ChordKey {
  id: ChordKeyId;
  keys: readonly string[];
  label: string;
}

/**
 * The diff viewer's keys, as one table: the keys layer (keys-layer.ts) and the key sequence
 * (key-sequence.ts) act on these rows, and the `?` sheet lists them (`DIFF_KEYS`).
 */
export const SEQUENCE_KEYS: readonly SequenceKey[] = [
  {
    keys: [']c'],
    counted: true,
    label: 'Next change (with a count: 3]c)',
    command: (n) => ({ kind: 'next', dir: 1, count: n ?? 1 }),
  },
  {
    keys: ['[c'],
    counted: true,
    label: 'Previous change',
    command: (n) => ({ kind: 'next', dir: -1, count: n ?? 1 }),
  },
  {
    keys: ['do'],
    counted: true,
    label: "Obtain: the other file's version of the change comes here (1do, 3do: from that pane)",
    command: (n) => ({ kind: 'obtain', count: n }),
  },
  {
    keys: ['dp'],
    counted: true,
    label: "Put: this file's version of the change goes to the other file (1dp, 3dp: to that pane)",
    command: (n) => ({ kind: 'put', count: n }),
  },
  {
    keys: ['zR'],
    counted: false,
    label: 'Open every fold of unchanged lines',
    command: () => ({ kind: 'folds', open: true }),
  },
  {
    keys: ['zM'],
    counted: false,
    label: 'Fold the unchanged lines (again)',
    command: () => ({ kind: 'folds', open: false }),
  },
  {
    keys: [':'],
    counted: false,
    label: 'Command line: :w :wa :diffupdate :diffget N :diffput N :q',
    command: () => ({ kind: 'ex' }),
  },
  {
    keys: ['i', 'a', 'Enter'],
    counted: false,
    label: 'Edit this file (Esc stops editing)',
    command: () => ({ kind: 'edit' }),
  },
];

export const CHORD_KEYS: readonly ChordKey[] = [
  { id: 'save', keys: ['Mod+S'], label: 'Save this file (with validation and a backup)' },
  { id: 'next', keys: ['Alt+Down'], label: 'Next change' },
  { id: 'previous', keys: ['Alt+Up'], label: 'Previous change' },
  { id: 'obtain', keys: ['Alt+O'], label: 'Obtain the change (as do)' },
  { id: 'put', keys: ['Alt+P'], label: 'Put the change (as dp)' },
];

/** The chord key a key press in a pane means, if any (Alt+O/P by key position: macOS types ø/π). */
export function chordKeyFor(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): ChordKeyId | undefined {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') return 'save';
  if (!e.altKey || e.ctrlKey || e.metaKey) return undefined;
  if (e.key === 'ArrowDown') return 'next';
  if (e.key === 'ArrowUp') return 'previous';
  if (e.code === 'KeyO') return 'obtain';
  if (e.code === 'KeyP') return 'put';
  return undefined;
}

/** The `?` sheet's rows for a diff tab. */
export const DIFF_KEYS: readonly ShortcutDoc[] = [
  ...SEQUENCE_KEYS.map((k) => ({ group: 'Diff (vimdiff keys)', keys: k.keys, label: k.label })),
  ...CHORD_KEYS.map((k) => ({ group: 'Diff (vimdiff keys)', keys: k.keys, label: k.label })),
];
