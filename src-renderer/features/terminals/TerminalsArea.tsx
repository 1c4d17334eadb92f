import { useTerminals, setBroadcast } from './terminals-store';
import { activateTerminal, closeTerminal } from './terminal-actions';
import { TerminalPane } from './TerminalPane';
import { BroadcastMenu } from './BroadcastMenu';
import { getSession } from './term-sessions';
import { TERM_TAB_PREFIX, terminalTabId } from './terminal-keys';
import { TabList } from '../../ui/TabList';
import { StatusDot } from '../../ui/Status';

/** Open terminals as sub-tabs; one pane, or two side by side in split view. */
export function TerminalsArea() {
  const { terminals, active, split, broadcast, targets } = useTerminals();
  const left = terminals.find((t) => t.terminalId === active) ?? terminals[0];
  const right = split ? terminals.find((t) => t.terminalId === split) : undefined;
  const other = terminals.find((t) => t.terminalId !== left?.terminalId);
  return (
    <div className="area">
      <div className="toolbar">
        <h2>Terminals</h2>
        <TabList
          label="Terminals"
          className="term-tabs"
          idPrefix={TERM_TAB_PREFIX}
          panelId="term-panes"
          selected={left?.terminalId ?? null}
          onSelect={activateTerminal}
          onEnter={(id) => requestAnimationFrame(() => getSession(id)?.term.focus())}
          onClose={(id) => void closeTerminal(id)}
          items={terminals.map((t) => ({
            key: t.terminalId,
            testId: `terminal-tab-${t.hostName}`,
            className: `term-tab${t.terminalId === right?.terminalId ? ' on' : ''}`,
            closeLabel: `Close terminal on ${t.hostName}`,
            title: `${t.hostName}: ${t.state} (Ctrl+Shift+E in the terminal comes back here)`,
            label: (
              <>
                <StatusDot
                  tone={t.state === 'open' ? 'ok' : t.state === 'connecting' ? 'busy' : 'crit'}
                />
                {t.hostName}
              </>
            ),
          }))}
        />
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
        <div
          id="term-panes"
          className={`term-panes${right && right !== left ? ' split' : ''}`}
          role="tabpanel"
          aria-labelledby={terminalTabId(left.terminalId)}
        >
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
