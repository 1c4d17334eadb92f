import { useConnection } from '../api/connection';
import { useSession } from './session-store';
import { useNav } from './nav-store';
import { useTheme } from './theme';
import { registry } from './contributions';
import { chordLabel } from '../ui/keys';
import { StatusDot } from '../ui/Status';
import type { Tone } from '../ui/status';
import { Announcer } from './Announcer';

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
  const setShortcuts = useNav((s) => s.setShortcuts);
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
        <StatusDot tone={c.tone} /> {c.text}
        <span className="sb-door"> · {conn.door}</span>
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
            <StatusDot tone="unknown" /> Vault unknown
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
        title="Toggle theme (Settings has high contrast)"
        data-testid="status-theme"
      >
        {theme.effective === 'dark' ? 'Dark' : 'Light'}
        {theme.highContrast ? ', high contrast' : ''}
        {theme.mode === 'system' ? ' (system)' : ''}
      </button>
      <button
        type="button"
        className="sb-item sb-button sb-keys"
        onClick={() => setShortcuts(true)}
        title="Keyboard shortcuts (?)"
        data-testid="status-shortcuts"
      >
        <kbd>{chordLabel('Mod+K')}</kbd> commands · <kbd>?</kbd> keys
      </button>
      <span className="sb-item sb-version" data-testid="status-version">
        Opsdeck {info?.version ?? '…'}
      </span>
      <Announcer />
    </footer>
  );
}
