/**
 * A write-only secret (SSH or MySQL password): typed to replace, never shown back; when one is
 * stored in the vault, a "Forget stored" box removes it.
 */
export function StoredSecretInput({
  id,
  value,
  stored,
  forget,
  invalid,
  onChange,
  onForget,
}: {
  id: string;
  value: string;
  stored: boolean;
  forget: boolean;
  invalid?: boolean;
  onChange(value: string): void;
  onForget(forget: boolean): void;
}) {
  return (
    <div className="inline">
      <input
        id={id}
        className="input"
        type="password"
        autoComplete="new-password"
        aria-invalid={invalid || undefined}
        placeholder={stored && !forget ? '•••••••• stored in vault' : ''}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {stored ? (
        <label className="check">
          <input type="checkbox" checked={forget} onChange={(e) => onForget(e.target.checked)} />{' '}
          Forget stored
        </label>
      ) : null}
    </div>
  );
}
