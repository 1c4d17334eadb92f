import { create } from 'zustand';
import { emptyFind, initialQuery, type FindState } from './find-model';

export interface FindBarState extends FindState {
  /** Bumped to (re)focus the bar's input, e.g. Ctrl+Shift+F while it is already open. */
  focusSeq: number;
}

/** Open find bars, per terminal (a closed bar keeps its last query for next time). */
export const useTerminalFind = create<{
  bars: Record<string, FindBarState>;
  last: Record<string, string>;
}>(() => ({ bars: {}, last: {} }));

export function openFind(terminalId: string, selection: string): void {
  useTerminalFind.setState((s) => {
    const bar = s.bars[terminalId];
    const query = initialQuery(selection, bar?.query ?? s.last[terminalId] ?? '');
    const base = bar ?? { ...emptyFind, focusSeq: 0 };
    return {
      bars: {
        ...s.bars,
        [terminalId]: {
          ...base,
          query,
          searched: base.searched && query === base.query,
          focusSeq: base.focusSeq + 1,
        },
      },
    };
  });
}

export function patchFind(terminalId: string, patch: Partial<FindState>): void {
  useTerminalFind.setState((s) => {
    const bar = s.bars[terminalId];
    return bar ? { bars: { ...s.bars, [terminalId]: { ...bar, ...patch } } } : s;
  });
}

export function dropFind(terminalId: string): void {
  useTerminalFind.setState((s) => {
    const { [terminalId]: bar, ...bars } = s.bars;
    return { bars, last: bar ? { ...s.last, [terminalId]: bar.query } : s.last };
  });
}

/** The terminal is gone: forget its bar and its last query. */
export function forgetFind(terminalId: string): void {
  useTerminalFind.setState((s) => {
    const { [terminalId]: _bar, ...bars } = s.bars;
    const { [terminalId]: _last, ...last } = s.last;
    return { bars, last };
  });
}
