import type { ReactNode } from 'react';
import type { Host } from '../../../src-main/contract';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';

/** A MySQL host of the inventory: master or replica. */
export function HostSelect({
  id,
  label,
  hosts,
  value,
  hint,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hosts: Host[];
  value: string;
  hint?: ReactNode;
  error?: string | undefined;
  onChange(name: string): void;
}) {
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      hint={hint}
      error={error}
      options={[
        { value: '', label: 'Choose…' },
        ...hosts.map((h) => ({ value: h.name, label: `${h.name} (${h.address})` })),
      ]}
      onChange={onChange}
    />
  );
}

/** A one-line text input (monospace) for lists: databases, table patterns. */
export function TextField({
  id,
  label,
  value,
  hint,
  error,
  disabled,
  placeholder,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  placeholder?: string;
  onChange(value: string): void;
}) {
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <input
        id={id}
        className="input mono"
        data-testid={id}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** One choice of a radio group. */
export function Choice({
  id,
  name,
  checked,
  children,
  onSelect,
}: {
  id: string;
  name: string;
  checked: boolean;
  children: ReactNode;
  onSelect(): void;
}) {
  return (
    <label>
      <input
        id={id}
        type="radio"
        name={name}
        data-testid={id}
        checked={checked}
        onChange={onSelect}
      />{' '}
      {children}
    </label>
  );
}

/** A checkbox with its label. */
export function Check({
  id,
  checked,
  disabled,
  children,
  onChange,
}: {
  id: string;
  checked: boolean;
  disabled?: boolean;
  children: ReactNode;
  onChange(checked: boolean): void;
}) {
  return (
    <label>
      <input
        id={id}
        type="checkbox"
        data-testid={id}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />{' '}
      {children}
    </label>
  );
}
