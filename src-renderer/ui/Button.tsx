import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Working: disabled, a spinner, and `busyLabel` (if given) in place of the label. */
  busy?: boolean;
  busyLabel?: ReactNode;
  testId?: string;
}

/** The class list of a button: `btn`, its variant, `busy` while working. */
export function buttonClassName(
  variant: ButtonVariant = 'default',
  busy = false,
  extra?: string,
): string {
  return ['btn', variant === 'default' ? '' : variant, busy ? 'busy' : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

/**
 * The one button: default, primary (the dialog's main action) or danger (destroys or removes).
 * A busy button cannot be pressed twice and says it is working (`aria-busy`).
 */
export function Button({
  variant = 'default',
  busy = false,
  busyLabel,
  testId,
  className,
  disabled,
  type = 'button',
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClassName(variant, busy, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      data-testid={testId}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {busy && busyLabel !== undefined ? busyLabel : children}
    </button>
  );
}
