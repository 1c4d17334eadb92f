import { useConnection } from '../api/connection';
import { useSession } from './session-store';
import { useNav } from './nav-store';
import { useTheme } from './theme';
import { registry } from './contributions';
import { StatusDot } from '../ui/Status';
import type { Tone } from '../ui/status';

const CONN: Record<string, { tone: Tone; text: string }> = {
  open: { tone: 'ok', text: 'Connected' },
  connecting: { tone: 'unknown', text: 'Connecting…' },
  reconnecting: { tone: 'crit', text: 'Disconnected — reconnecting' },
  closed: { tone: 'crit', text: 'Closed' },
};

/** Connection, vault, running work, version — always visible, never in the way. */
export function StatusBar() {
  const conn = useConnection();
  const { info, vault } = useSession();
  const goArea = useNav((s) => s.goArea);
  const theme = useTheme();
  const c = CONN[conn.state] ?? CONN.closed!;
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span
        className="sb-item"
        data-testid="status-connection"
        data-state={conn.state}
        title={`Door: ${conn.door}`}
      >
        <StatusDot tone={c.tone} label={c.text} /> {c.text}
        <span className="faint"> · {conn.door}</span>
      </span>
      <button
        type="button"
        className="sb-item sb-button"
        onClick={() => goArea('settings')}
        data-testid="status-vault"
        title="Vault (open Settings)"
      >
        {vault ? (
          <>
            <StatusDot tone={vault.unlocked ? 'ok' : 'warn'} /> Vault{' '}
            {vault.unlocked ? 'unlocked' : 'locked'}
          </>
        ) : (
          <>
            <StatusDot tone="unknown" /> Vault ?
          </>
        )}
      </button>
      {registry.statusItems().map((Item, i) => (
        <Item key={i} />
      ))}
      <span className="spacer" />
      <button
        type="button"
        className="sb-item sb-button"
        onClick={theme.toggle}
        title="Toggle theme"
      >
        {theme.effective === 'dark' ? 'Dark' : 'Light'}
        {theme.mode === 'system' ? ' (system)' : ''}
      </button>
      <span className="sb-item faint">
        <kbd>Ctrl</kbd>+<kbd>K</kbd> commands
      </span>
      <span className="sb-item" data-testid="status-version">
        Opsdeck {info?.version ?? '…'}
      </span>
    </footer>
  );
}
