/** The find-in-scrollback bar of a terminal pane: its state and what it asks xterm, pure. */

export interface FindState {
  query: string;
  caseSensitive: boolean;
  regex: boolean;
  /** From the search addon: -1 when no match is selected (or past the highlight limit). */
  index: number;
  count: number;
  /** A search was run for the current query/options (so "No results" can be said). */
  searched: boolean;
}

export const emptyFind: FindState = {
  query: '',
  caseSensitive: false,
  regex: false,
  index: -1,
  count: 0,
  searched: false,
};

/** Most matches highlighted (and counted) at once; the addon stops counting there. */
export const HIGHLIGHT_LIMIT = 1000;

/** Why the query cannot be searched (an invalid regular expression), or null. */
export function queryError(state: Pick<FindState, 'query' | 'regex'>): string | null {
  if (!state.regex || state.query === '') return null;
  try {
    new RegExp(state.query);
    return null;
  } catch (err) {
    return err instanceof Error
      ? err.message.replace(/^Invalid regular expression: /, '')
      : 'invalid';
  }
}

/** `3 of 7`, `7 matches` (none selected), `1000+ matches`, `No results`, or nothing yet. */
export function resultText(state: FindState): string {
  if (state.query === '') return '';
  if (queryError(state)) return 'Invalid regex';
  if (!state.searched) return '';
  if (state.count === 0) return 'No results';
  const total = state.count >= HIGHLIGHT_LIMIT ? `${HIGHLIGHT_LIMIT}+` : String(state.count);
  return state.index >= 0 ? `${state.index + 1} of ${total}` : `${total} matches`;
}

/** Text to start with: the terminal's selection when it is a short single line. */
export function initialQuery(selection: string, previous: string): string {
  const s = selection.trim();
  return s && s.length <= 200 && !s.includes('\n') ? s : previous;
}
