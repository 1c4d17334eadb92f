import { useState } from 'react';
import { preselectTargets, setBroadcast, toggleTarget, useTerminals } from './terminals-store';

/** Broadcast input toggle: choose the terminals that receive every keystroke. */
export function BroadcastMenu() {
  const { terminals, broadcast, targets } = useTerminals();
  const [open, setOpen] = useState(false);
  return (
    <div className="bc-wrap">
      <button
        type="button"
        className={`btn${broadcast ? ' primary' : ''}`}
        data-testid="broadcast-toggle"
        aria-expanded={open}
        disabled={terminals.length === 0}
        onClick={() => {
          if (!open) preselectTargets();
          setOpen(!open);
        }}
      >
        Broadcast{broadcast ? ` · ${targets.length}` : ''}
      </button>
      {open ? (
        <div className="bc-pop" data-testid="broadcast-menu">
          <div className="muted small">Send input to:</div>
          {terminals.map((t) => (
            <label key={t.terminalId} className="bc-item">
              <input
                type="checkbox"
                data-testid={`broadcast-target-${t.hostName}`}
                checked={targets.includes(t.terminalId)}
                onChange={() => toggleTarget(t.terminalId)}
              />
              <span className="mono">{t.hostName}</span>
              <span className="faint">{t.state}</span>
            </label>
          ))}
          <div className="bc-actions">
            <button
              type="button"
              className={`btn small${broadcast ? '' : ' primary'}`}
              data-testid="broadcast-enable"
              onClick={() => {
                setBroadcast(!broadcast);
                setOpen(false);
              }}
            >
              {broadcast ? 'Stop broadcasting' : 'Start broadcasting'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
