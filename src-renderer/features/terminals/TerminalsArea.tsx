import { useTerminals, setBroadcast } from './terminals-store';
import { activateTerminal, closeTerminal } from './terminal-actions';
import { TerminalPane } from './TerminalPane';
import { BroadcastMenu } from './BroadcastMenu';

/** Open terminals as sub-tabs; one pane, or two side by side in split view. */
export function TerminalsArea() {
  const { terminals, active, split, broadcast, targets } = useTerminals();
  const left = terminals.find((t) => t.terminalId === active) ?? terminals[0];
  const right = split ? terminals.find((t) => t.terminalId === split) : undefined;
  const other = terminals.find((t) => t.terminalId !== left?.terminalId);
  return (
    <div className="area">
      <div className="toolbar">
        <h1>Terminals</h1>
        <div className="term-tabs" role="tablist">
          {terminals.map((t) => (
            <span
              key={t.terminalId}
              role="tab"
              aria-selected={t.terminalId === left?.terminalId}
              className={`term-tab${t.terminalId === left?.terminalId || t.terminalId === right?.terminalId ? ' on' : ''}`}
              data-testid={`terminal-tab-${t.hostName}`}
              onClick={() => activateTerminal(t.terminalId)}
            >
              <span
                className={`dot tone-${t.state === 'open' ? 'ok' : t.state === 'connecting' ? 'busy' : 'crit'}`}
              />
              {t.hostName}
              <button
                type="button"
                className="term-tab-x"
                aria-label={`Close terminal on ${t.hostName}`}
                onClick={(e) => {
                  e.stopPropagation();
                  void closeTerminal(t.terminalId);
                }}
              >
                ×
              </button>
            </span>
          ))}
        </div>
        <span className="spacer" />
        <button
          type="button"
          className={`btn${right ? ' primary' : ''}`}
          data-testid="terminal-split"
          disabled={!right && !other}
          onClick={() =>
            useTerminals.setState({ split: right ? null : (other?.terminalId ?? null) })
          }
        >
          {right ? 'Single view' : 'Split view'}
        </button>
        <BroadcastMenu />
      </div>
      {broadcast ? (
        <div className="broadcast-bar" data-testid="broadcast-bar" role="status">
          Broadcasting to {targets.length} terminal{targets.length === 1 ? '' : 's'}
          <span className="spacer" />
          <button type="button" className="btn small" onClick={() => setBroadcast(false)}>
            Stop
          </button>
        </div>
      ) : null}
      {left ? (
        <div className={`term-panes${right && right !== left ? ' split' : ''}`}>
          <TerminalPane key={left.terminalId} tab={left} focused />
          {right && right !== left ? (
            <TerminalPane key={right.terminalId} tab={right} focused={false} />
          ) : null}
        </div>
      ) : (
        <div className="area-center muted" data-testid="terminals-empty">
          No terminals. Open one from a host’s menu (⋯ → Open terminal) or the palette (Ctrl+K).
        </div>
      )}
    </div>
  );
}
