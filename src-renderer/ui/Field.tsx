import type { ReactNode } from 'react';

/** A labelled form row with an inline error under the control. */
export function Field({
  label,
  error,
  children,
  hint,
  htmlFor,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
  hint?: ReactNode;
  htmlFor: string;
}) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      <div className="field-control">
        {children}
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : hint ? (
          <div className="field-hint">{hint}</div>
        ) : null}
      </div>
    </div>
  );
}
