import { chordMatches, type KeyLike, type ShortcutDoc } from '../../ui/keys';

export type TerminalKeyId = 'leave' | 'find' | 'copy' | 'paste';

export interface TerminalKey extends ShortcutDoc {
  id: TerminalKeyId;
}

/**
 * What a terminal keeps for itself: Ctrl+Shift with a letter (Ctrl alone belongs to the shell:
 * Ctrl+K kills the line, Ctrl+W deletes a word). The terminal's key handler and the `?` sheet
 * both read this table.
 */
export const TERMINAL_KEYS: readonly TerminalKey[] = [
  {
    id: 'leave',
    group: 'Terminals',
    keys: ['Ctrl+Shift+E'],
    label: 'Leave the terminal: the focus goes to its tab (then Tab moves on; Enter comes back)',
  },
  { id: 'find', group: 'Terminals', keys: ['Ctrl+Shift+F'], label: 'Find in the scrollback' },
  { id: 'copy', group: 'Terminals', keys: ['Ctrl+Shift+C'], label: 'Copy the selection' },
  { id: 'paste', group: 'Terminals', keys: ['Ctrl+Shift+V'], label: 'Paste' },
];

/** The terminal key this press means, if any. */
export const terminalKeyFor = (e: KeyLike): TerminalKey | undefined =>
  TERMINAL_KEYS.find((k) => k.keys.some((c) => chordMatches(c, e)));

/** App keys that pass through the terminal to the window: the palette, Ctrl+1..9 (areas). */
export const passesToApp = (e: KeyLike): boolean =>
  e.ctrlKey && !e.altKey && (/^[1-9]$/.test(e.key) || (e.shiftKey && e.key.toLowerCase() === 'p'));

/** Terminal tabs' element ids are `${TERM_TAB_PREFIX}-${terminalId}` (TabList). */
export const TERM_TAB_PREFIX = 'term-tab';
/** The element id of a terminal's tab (where Ctrl+Shift+E leaves the focus). */
export const terminalTabId = (terminalId: string) => `${TERM_TAB_PREFIX}-${terminalId}`;
