import { Field } from '../../ui/Field';
import type { MysqlLoginErrors, MysqlLoginValues } from './mysql-login-form';

/** What the MySQL login sections of the host form edit: the values, their errors, one setter. */
export interface MysqlLoginState {
  values: MysqlLoginValues;
  errors: MysqlLoginErrors | undefined;
  set<K extends keyof MysqlLoginValues>(k: K, v: MysqlLoginValues[K]): void;
}

/** The settings typed as free text (user, address, port, socket, CA file, server name). */
type TextSetting = {
  [K in keyof MysqlLoginValues]: string extends MysqlLoginValues[K] ? K : never;
}[keyof MysqlLoginValues];

/**
 * One typed setting of the MySQL login: its labelled input (`#hf-mysql-<name>`, mono), bound to
 * the value, with its error in place of the hint and the input marked invalid.
 */
export function MysqlLoginTextField({
  form,
  name,
  label,
  hint,
  placeholder,
  numeric = false,
}: {
  form: MysqlLoginState;
  name: TextSetting;
  label: string;
  hint?: string;
  placeholder: string;
  /** A port: narrow, with the numeric keyboard. */
  numeric?: boolean;
}) {
  const error = form.errors?.[name];
  return (
    <Field label={label} htmlFor={`hf-mysql-${name}`} error={error} hint={hint}>
      <input
        id={`hf-mysql-${name}`}
        className={numeric ? 'input mono port' : 'input mono'}
        inputMode={numeric ? 'numeric' : undefined}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        value={form.values[name]}
        onChange={(e) => form.set(name, e.target.value)}
      />
    </Field>
  );
}
