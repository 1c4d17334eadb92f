import { historyKeymap, defaultKeymap } from '@codemirror/commands';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension, type StateEffect } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { vim } from '@replit/codemirror-vim';
import type { FileKind } from '../../../../src-main/contract';
import { drawAheadScrollGuard } from './draw-ahead';
import { languageFor } from './languages';
import { undoHistory } from './pane-history';
import { diffKeysBeforeVim } from './vim-bridge';
import { editorTheme } from './theme';

/** Per editor: what may change after it was built (read-only, vim, the keys layer). */
export interface PaneCompartments {
  readOnly: Compartment;
  vim: Compartment;
  keys: Compartment;
}

export const newCompartments = (): PaneCompartments => ({
  readOnly: new Compartment(),
  vim: new Compartment(),
  keys: new Compartment(),
});

export interface PaneSetup {
  kind: FileKind;
  /** Syntax colours (off for very large files: parsing them costs every jump through the file). */
  syntax: boolean;
  /** The editor's accessible name (which file, which side). */
  label: string;
  readOnly: boolean;
  vim: boolean;
  /** The vimdiff keys layer (when vim is off), highest precedence. */
  keys: Extension;
  compartments: PaneCompartments;
  /** Undo history carried over from a previous build of the same pane. */
  history?: unknown;
  onUpdate: Extension;
}

/**
 * The extensions of one pane: line numbers, search, undo, syntax highlighting, the read-only
 * switch, vim or the vimdiff keys layer. Lines are split on \n only, so a CR stays part of its
 * line (shown, compared, and written back exactly: a CRLF file is never converted silently).
 */
export function paneExtensions(p: PaneSetup): Extension {
  const c = p.compartments;
  return [
    c.vim.of(p.vim ? vimKeymap() : []),
    c.keys.of(p.vim ? [] : p.keys),
    EditorState.lineSeparator.of('\n'),
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    undoHistory(p.history),
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
    c.readOnly.of(EditorState.readOnly.of(p.readOnly)),
    // A name for screen readers, and an explicit tab stop: the content is contenteditable even
    // when read-only, but axe (and some assistive tech) only count a tabindex as keyboard access
    // to the scroller around it.
    EditorView.contentAttributes.of({
      spellcheck: 'false',
      autocorrect: 'off',
      'aria-label': p.label,
      tabindex: '0',
    }),
    EditorState.phrases.of({ '$ unchanged lines': '⋯ $ unchanged lines (click to show)' }),
    p.syntax ? languageFor(p.kind) : [],
    editorTheme,
    drawAheadScrollGuard,
    p.onUpdate,
  ];
}

/** The full vim keymap, with vimdiff's do/dp caught before it (see vim-bridge.ts). */
export const vimKeymap = (): Extension => [diffKeysBeforeVim(), vim({ status: true })];

/** Switch a built pane's read-only state, vim keymap and keys layer. */
export function modeEffects(
  c: PaneCompartments,
  readOnly: boolean,
  vim: boolean,
  keys: Extension,
): StateEffect<unknown>[] {
  return [
    c.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
    c.vim.reconfigure(vim ? vimKeymap() : []),
    c.keys.reconfigure(vim ? [] : keys),
  ];
}
