import { history, historyField } from '@codemirror/commands';
import type { EditorState, Extension } from '@codemirror/state';

/**
 * A pane's undo history across rebuilds of the layout: taken from the old editor state and given
 * to the new one, so undo keeps working after a layout or option change.
 */
export const historyOf = (state: EditorState): unknown => state.field(historyField, false);

/** Undo for a pane: the history carried over from its previous build, or a fresh one. */
export const undoHistory = (saved?: unknown): Extension =>
  saved === undefined ? history() : [historyField.init(() => saved), history()];
