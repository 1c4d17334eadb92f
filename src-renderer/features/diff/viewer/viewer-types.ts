import type { FileKind } from '../../../../src-main/contract';

/** One file the viewer shows. */
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

/** What the viewer tells its tab (the tab keeps them in the diff store). */
export interface ViewerEvents {
  dirty(index: number, dirty: boolean): void;
  message(text: string, tone: 'info' | 'warn'): void;
  /** Where the cursor is: pane, the change it is in (1-based) or null, how many there are. */
  position(pane: number, change: number | null, changes: number): void;
  /** `:w` (current pane), `:wa`, Ctrl+S. */
  save(which: 'current' | 'all'): void;
  /** `:` in the vimdiff keys layer: the command line opens. */
  exPrompt(): void;
  /** zM / zR: fold the unchanged lines, or show them all (the tab's option, remembered). */
  collapse(on: boolean): void;
  /** Editing started/stopped; keys typed so far. */
  mode(editing: boolean, pending: string): void;
  close(): void;
}
