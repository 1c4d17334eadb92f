import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTheme } from '../../app/theme';
import { queryError, resultText, type FindState } from './find-model';
import { dropFind, patchFind, useTerminalFind } from './find-store';
import { getSession } from './term-sessions';
import { SEARCH_DECORATIONS } from './terminal-theme';

type Direction = 'next' | 'previous';

/**
 * Run a search in the terminal's scrollback; results arrive through onDidChangeResults. `fresh`
 * recomputes the highlights: addon-search 0.16 records the new options before comparing them
 * with the previous ones, so a case/regex toggle alone would keep the old matches.
 */
function search(
  terminalId: string,
  f: FindState,
  dir: Direction,
  opts: { incremental?: boolean; fresh?: boolean } = {},
): void {
  const s = getSession(terminalId);
  if (!s) return;
  if (opts.fresh) s.search.clearDecorations();
  if (f.query === '' || queryError(f)) {
    s.search.clearDecorations();
    patchFind(terminalId, { index: -1, count: 0, searched: false });
    return;
  }
  const options = {
    caseSensitive: f.caseSensitive,
    regex: f.regex,
    incremental: opts.incremental ?? false,
    decorations: SEARCH_DECORATIONS[useTheme.getState().effective],
  };
  if (dir === 'next') s.search.findNext(f.query, options);
  else s.search.findPrevious(f.query, options);
}

function close(terminalId: string): void {
  const s = getSession(terminalId);
  s?.search.clearDecorations();
  dropFind(terminalId);
  s?.term.focus();
}

/** Find in scrollback (Ctrl+Shift+F): Enter / Shift+Enter, Alt+C case, Alt+R regex, Esc closes. */
export function FindBar({ terminalId }: { terminalId: string }) {
  const bar = useTerminalFind((s) => s.bars[terminalId]);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const s = getSession(terminalId);
    if (!s) return;
    const sub = s.search.onDidChangeResults(({ resultIndex, resultCount }) =>
      patchFind(terminalId, { index: resultIndex, count: resultCount, searched: true }),
    );
    return () => sub.dispose();
  }, [terminalId]);

  const focusSeq = bar?.focusSeq;
  useEffect(() => {
    if (focusSeq === undefined) return;
    input.current?.focus();
    input.current?.select();
    const f = useTerminalFind.getState().bars[terminalId];
    if (f && f.query && !f.searched) search(terminalId, f, 'next', { incremental: true });
  }, [terminalId, focusSeq]);

  if (!bar) return null;
  const update = (patch: Partial<FindState>) => {
    const next = { ...bar, ...patch, searched: false };
    patchFind(terminalId, next);
    const fresh = next.caseSensitive !== bar.caseSensitive || next.regex !== bar.regex;
    search(terminalId, next, 'next', { incremental: true, fresh });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const key = e.key.toLowerCase();
    if (e.key === 'Enter') search(terminalId, bar, e.shiftKey ? 'previous' : 'next');
    else if (e.key === 'Escape') close(terminalId);
    else if (e.altKey && key === 'c') update({ caseSensitive: !bar.caseSensitive });
    else if (e.altKey && key === 'r') update({ regex: !bar.regex });
    else if (e.ctrlKey && e.shiftKey && key === 'f') input.current?.select();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const error = queryError(bar);
  const text = resultText(bar);
  return (
    <div className="term-find" role="search" data-testid="terminal-find">
      <input
        ref={input}
        className={`input mono${error ? ' invalid' : ''}`}
        aria-label="Find in terminal"
        placeholder="Find in scrollback"
        spellCheck={false}
        value={bar.query}
        title={error ?? undefined}
        onChange={(e) => update({ query: e.target.value })}
        onKeyDown={onKeyDown}
        data-testid="terminal-find-input"
      />
      <button
        type="button"
        className={`find-opt${bar.caseSensitive ? ' on' : ''}`}
        aria-pressed={bar.caseSensitive}
        title="Match case (Alt+C)"
        onClick={() => update({ caseSensitive: !bar.caseSensitive })}
        data-testid="terminal-find-case"
      >
        Aa
      </button>
      <button
        type="button"
        className={`find-opt mono${bar.regex ? ' on' : ''}`}
        aria-pressed={bar.regex}
        title="Regular expression (Alt+R)"
        onClick={() => update({ regex: !bar.regex })}
        data-testid="terminal-find-regex"
      >
        .*
      </button>
      <span
        className={`find-count${text === 'No results' || error ? ' none' : ''}`}
        role="status"
        data-testid="terminal-find-count"
      >
        {text}
      </span>
      <button
        type="button"
        className="find-opt"
        title="Previous match (Shift+Enter)"
        aria-label="Previous match"
        onClick={() => search(terminalId, bar, 'previous')}
      >
        ↑
      </button>
      <button
        type="button"
        className="find-opt"
        title="Next match (Enter)"
        aria-label="Next match"
        onClick={() => search(terminalId, bar, 'next')}
      >
        ↓
      </button>
      <button
        type="button"
        className="find-opt"
        title="Close (Esc)"
        aria-label="Close find"
        onClick={() => close(terminalId)}
      >
        ✕
      </button>
    </div>
  );
}
