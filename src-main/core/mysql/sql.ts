/** SQL text helpers. Values that end up in SQL are quoted here, never concatenated raw. */

/** A string literal: backslashes and quotes escaped (safe with and without NO_BACKSLASH_ESCAPES). */
export function quoteString(value: string): string {
  if (value.includes('\0')) throw new Error('NUL bytes are not allowed in SQL strings');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** An identifier (database, table): backticks doubled. */
export function quoteIdent(name: string): string {
  if (!name || name.includes('\0')) throw new Error(`Invalid SQL identifier: ${name}`);
  return `\`${name.replace(/`/g, '``')}\``;
}

/** `'user'@'host'` */
export function account(user: string, host: string): string {
  return `${quoteString(user)}@${quoteString(host)}`;
}

/** Schemas that belong to the server itself; never seeded, never counted as "user data". */
export const SYSTEM_SCHEMAS: readonly string[] = [
  'mysql',
  'information_schema',
  'performance_schema',
  'sys',
];

export const isSystemSchema = (name: string) => SYSTEM_SCHEMAS.includes(name.toLowerCase());
