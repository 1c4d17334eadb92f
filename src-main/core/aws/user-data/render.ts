import type { UserDataRendered, UserDataVariable } from '../../../contract';

/** Filled in by the launch itself: always available to a template. */
export interface UserDataBuiltins {
  name: string;
  region: string;
  zone: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Built-in values are validated by the launch contract; this keeps them shell-safe anyway. */
const BUILTIN_SAFE = /^[A-Za-z0-9._-]*$/;

/** The variable names a body uses, in order of first use. */
export function placeholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/**
 * Render a user-data body: `{{var}}` is replaced by the value given, else the variable's default
 * (defaults may use the built-ins). Every value must match its variable's pattern because it
 * lands in a shell script; unknown placeholders and missing required values are errors, keyed by
 * variable name. The text is rendered anyway (errors left as `{{var}}`) so it can be shown.
 */
export function renderUserData(
  body: string,
  variables: readonly UserDataVariable[],
  values: Readonly<Record<string, string>>,
  builtins: UserDataBuiltins,
): UserDataRendered {
  const errors: Record<string, string> = {};
  const builtin = builtins as unknown as Record<string, string>;
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole, name: string) => builtin[name] ?? whole);
  const resolved = new Map<string, string>();

  for (const [name, value] of Object.entries(builtin)) {
    if (!BUILTIN_SAFE.test(value)) errors[name] = `“${value}” is not safe in a script`;
    resolved.set(name, value);
  }
  for (const variable of variables) {
    const given = values[variable.name];
    const value = (given !== undefined ? given : fill(variable.default)).trim();
    if (value === '') {
      if (variable.required) errors[variable.name] = `${variable.label} is required`;
      resolved.set(variable.name, '');
      continue;
    }
    if (!new RegExp(variable.pattern).test(value)) {
      errors[variable.name] =
        `“${value}” is not a valid ${variable.label.toLowerCase()} (${variable.hint})`;
      continue;
    }
    resolved.set(variable.name, value);
  }
  for (const name of placeholders(body)) {
    if (!resolved.has(name) && !errors[name] && !variables.some((v) => v.name === name))
      errors[name] = `Unknown variable {{${name}}}`;
  }
  const text = body.replace(PLACEHOLDER, (whole, name: string) => resolved.get(name) ?? whole);
  return { text, errors, bytes: new TextEncoder().encode(text).length };
}
