import type { ReactNode } from 'react';
import { Field } from './Field';

export interface SelectOption<V extends string> {
  value: V;
  label: ReactNode;
}

/**
 * A labelled drop-down form row (Field + select): one of `options`, its error or hint under it.
 * The test id is the select's id unless given.
 */
export function SelectField<V extends string>({
  id,
  label,
  value,
  options,
  hint,
  error,
  testId = id,
  onChange,
}: {
  id: string;
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  hint?: ReactNode;
  error?: string | undefined;
  testId?: string;
  onChange(value: V): void;
}) {
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <select
        id={id}
        className="input"
        data-testid={testId}
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
