import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import './terminals.css';
import { getSession, openInDom } from './term-sessions';
import { reconnectTerminal } from './terminal-actions';
import type { TerminalTab } from './terminals-store';
import { openFind } from './find-store';
import { FindBar } from './FindBar';

function stateText(t: TerminalTab): string {
  if (t.state !== 'closed') return t.state;
  if (t.reason === 'exited') return `exited${t.exitCode !== undefined ? ` (${t.exitCode})` : ''}`;
  return t.reason ?? 'closed';
}

function bannerText(t: TerminalTab): string {
  const why = t.error ? `: ${t.error.message}` : '';
  if (t.state === 'failed') return `Could not connect${why}`;
  if (t.reason === 'exited') return `Session ended: the shell exited (${t.exitCode ?? '?'})`;
  if (t.reason === 'closed') return `Closed${why}`;
  return `Disconnected${why}`;
}

/** One terminal: xterm's element moved into this pane, fitted on every size change. */
export function TerminalPane({ tab, focused }: { tab: TerminalTab; focused: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    const s = getSession(tab.terminalId);
    if (!el || !s) return;
    el.appendChild(s.element);
    openInDom(tab.terminalId, s);
    const fit = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) s.fit.fit();
    };
    fit();
    const ro = new ResizeObserver(() => requestAnimationFrame(fit));
    ro.observe(el);
    if (focused) s.term.focus();
    return () => {
      ro.disconnect();
      s.element.remove();
    };
  }, [tab.terminalId, focused]);

  const down = tab.state === 'closed' || tab.state === 'failed';
  return (
    <div className="term-pane" data-testid={`terminal-${tab.hostName}`}>
      <div className="term-pane-head">
        <span className="strong">{tab.hostName}</span>
        <span className={`term-state st-${tab.state}`} data-testid="terminal-state">
          {stateText(tab)}
        </span>
        <span className="spacer" />
        {tab.hoverLink ? (
          <span className="term-link-hint" data-testid="terminal-link-hint">
            Ctrl+click to open <span className="mono">{tab.hoverLink}</span>
          </span>
        ) : null}
        <span
          className="faint"
          title={tab.rendererNote ?? 'Drawn with WebGL'}
          data-testid="terminal-renderer"
          data-renderer={tab.renderer}
        >
          {tab.renderer === 'webgl' ? 'WebGL' : tab.renderer === 'dom' ? 'DOM' : ''}
        </span>
        <button
          type="button"
          className="btn ghost small"
          title="Find in scrollback (Ctrl+Shift+F)"
          data-testid="terminal-find-open"
          onClick={() =>
            openFind(tab.terminalId, getSession(tab.terminalId)?.term.getSelection() ?? '')
          }
        >
          Find
        </button>
      </div>
      <FindBar terminalId={tab.terminalId} />
      {down ? (
        <div className="term-banner" role="alert">
          <span>{bannerText(tab)}</span>
          {tab.error?.hint ? <span className="muted">{tab.error.hint}</span> : null}
          <span className="spacer" />
          <button
            type="button"
            className="btn small primary"
            data-testid="terminal-reconnect"
            onClick={() => void reconnectTerminal(tab.terminalId)}
          >
            Reconnect
          </button>
        </div>
      ) : null}
      <div className={`term-box${down ? ' dimmed' : ''}`} ref={box} />
    </div>
  );
}
