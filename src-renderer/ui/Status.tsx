import type { ReactNode } from 'react';
import type { Tone } from './status';

/** A status colour. Decorative beside words that say the same; `label` when it stands alone. */
export function StatusDot({ tone, label }: { tone: Tone; label?: string }) {
  return label ? (
    <span className={`dot tone-${tone}`} role="img" aria-label={label} />
  ) : (
    <span className={`dot tone-${tone}`} aria-hidden="true" />
  );
}

/** A coloured pill: dot + text. */
export function StatusBadge({
  tone,
  children,
  testId,
}: {
  tone: Tone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={`badge tone-${tone}`} data-testid={testId}>
      <span className={`dot tone-${tone}`} aria-hidden="true" />
      {children}
    </span>
  );
}

export function Spinner({ label = 'Working' }: { label?: string }) {
  return <span className="spinner" role="progressbar" aria-label={label} />;
}
