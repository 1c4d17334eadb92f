import type { ReactNode } from 'react';
import type { Tone } from './status';

export function StatusDot({ tone, label }: { tone: Tone; label?: string }) {
  return <span className={`dot tone-${tone}`} role="img" aria-label={label ?? tone} />;
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
