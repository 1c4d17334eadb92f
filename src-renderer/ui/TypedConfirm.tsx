import type { ReactNode } from 'react';

/** Does the typed text confirm? Surrounding spaces do not count; the case does. */
export const typedMatches = (accepted: readonly string[], typed: string): boolean =>
  accepted.includes(typed.trim());

/**
 * The typed confirmation of a destructive action: the user types the name or id it names (the
 * core checks the same text again). Labelled, no autocomplete or spell check, says when the text
 * does not match, and Enter confirms once it does.
 */
export function TypedConfirm({
  id,
  prompt,
  accepted,
  value,
  onChange,
  onConfirm,
  testId,
}: {
  id: string;
  /** What to type, as a label: "Type db2 to confirm". */
  prompt: ReactNode;
  accepted: readonly string[];
  value: string;
  onChange(value: string): void;
  /** Enter with matching text. */
  onConfirm(): void;
  testId?: string;
}) {
  const matches = typedMatches(accepted, value);
  const wrong = value.trim() !== '' && !matches;
  return (
    <div className="typed-confirm">
      <label htmlFor={id}>{prompt}</label>
      <input
        id={id}
        className="input mono"
        autoComplete="off"
        spellCheck={false}
        data-autofocus
        data-testid={testId}
        aria-invalid={wrong ? true : undefined}
        aria-describedby={wrong ? `${id}-wrong` : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (matches) onConfirm();
        }}
      />
      {wrong ? (
        <div id={`${id}-wrong`} className="field-hint">
          Does not match yet.
        </div>
      ) : null}
    </div>
  );
}
