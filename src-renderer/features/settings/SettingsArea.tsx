import { useState, type FormEvent } from 'react';
import { toErrorShape, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { useSession } from '../../app/session-store';
import { useTheme, type ContrastMode, type ThemeMode } from '../../app/theme';
import { notify, notifyError } from '../../app/toasts';
import { ErrorNote } from '../../ui/ErrorNote';
import { StatusBadge } from '../../ui/Status';
import { TerminalSettings } from '../terminals/TerminalSettings';
import { MetricsSettingsPanel } from '../charts/MetricsSettingsPanel';

const THEMES: { id: ThemeMode; label: string }[] = [
  { id: 'system', label: 'Follow system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

const CONTRASTS: { id: ContrastMode; label: string }[] = [
  { id: 'system', label: 'Follow system' },
  { id: 'normal', label: 'Normal' },
  { id: 'more', label: 'High contrast' },
];

/** A row of radio buttons that reads as one choice (arrows move within it). */
function Segmented<T extends string>({
  name,
  label,
  options,
  value,
  onChange,
}: {
  name: string;
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange(value: T): void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.id} className={value === o.id ? 'on' : undefined}>
          <input
            type="radio"
            name={name}
            checked={value === o.id}
            onChange={() => onChange(o.id)}
            data-testid={`${name}-${o.id}`}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

function UnlockForm({ create }: { create: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('vault.unlock', { passphrase });
      setPassphrase('');
      notify(r.created ? 'Vault created and unlocked' : 'Vault unlocked');
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form unlock" onSubmit={submit}>
      {error ? <ErrorNote error={error} /> : null}
      <label htmlFor="vault-pass">
        {create ? 'Choose a passphrase for the new vault (8+ characters)' : 'Vault passphrase'}
      </label>
      <div className="inline">
        <input
          id="vault-pass"
          className="input"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          data-testid="vault-passphrase"
        />
        <button
          type="submit"
          className="btn primary"
          disabled={busy || passphrase.length === 0}
          data-testid="vault-unlock"
        >
          {create ? 'Create vault' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}

/** Theme, vault, and where Opsdeck keeps its data. */
export function SettingsArea() {
  const mode = useTheme((s) => s.mode);
  const setMode = useTheme((s) => s.setMode);
  const contrastMode = useTheme((s) => s.contrastMode);
  const setContrast = useTheme((s) => s.setContrast);
  const { info, vault } = useSession();
  const lock = () =>
    client.call('vault.lock', {}).then(
      () => notify('Vault locked'),
      (err: unknown) => notifyError('Could not lock the vault', err),
    );

  return (
    <div className="area settings">
      <div className="toolbar">
        <h2>Settings</h2>
      </div>
      <div className="settings-body">
        <section>
          <h3>Appearance</h3>
          <Segmented name="theme" label="Theme" options={THEMES} value={mode} onChange={setMode} />
          <Segmented
            name="contrast"
            label="Contrast"
            options={CONTRASTS}
            value={contrastMode}
            onChange={setContrast}
          />
          <p className="faint">
            High contrast follows the system setting (prefers more contrast, Windows contrast
            themes) unless you pick one here.
          </p>
        </section>
        <TerminalSettings />
        <MetricsSettingsPanel />
        <section data-testid="vault-status">
          <h3>Secret vault</h3>
          {vault ? (
            <>
              <div className="kv">
                <span>State</span>
                <span>
                  <StatusBadge tone={vault.unlocked ? 'ok' : 'warn'}>
                    {vault.unlocked ? 'unlocked' : 'locked'}
                  </StatusBadge>
                </span>
                <span>Kept by</span>
                <span>
                  {vault.adapter === 'safe-storage'
                    ? 'the operating system keychain (safeStorage)'
                    : 'a passphrase-encrypted file'}
                </span>
              </div>
              {vault.notice ? (
                <p className="notice warn" role="status" data-testid="vault-notice">
                  {vault.notice}
                </p>
              ) : null}
              {vault.adapter === 'passphrase-file' && !vault.unlocked ? (
                <UnlockForm create={!vault.initialized} />
              ) : null}
              {vault.adapter === 'passphrase-file' && vault.unlocked ? (
                <button type="button" className="btn" onClick={() => void lock()}>
                  Lock vault now
                </button>
              ) : null}
              <p className="faint">
                Passwords and key passphrases live only in the vault; the inventory keeps
                references.
              </p>
            </>
          ) : (
            <p className="muted">Vault status unknown.</p>
          )}
        </section>
        <section>
          <h3>This Opsdeck</h3>
          <div className="kv">
            <span>Version</span>
            <span className="mono">{info?.version ?? '—'}</span>
            <span>Door</span>
            <span>{info?.door ?? '—'}</span>
            <span>Platform</span>
            <span>{info?.platform ?? '—'}</span>
            <span>Data folder</span>
            <span className="mono selectable" data-testid="data-dir">
              {info?.dataDir ?? '—'}
            </span>
          </div>
        </section>
      </div>
    </div>
  );
}
