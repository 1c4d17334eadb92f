import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import './terminals.css';
import { getSession } from './term-sessions';
import { reconnectTerminal } from './terminal-actions';
import type { TerminalTab } from './terminals-store';

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
    if (!s.opened) {
      s.term.open(s.element);
      s.opened = true;
    }
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
      </div>
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
