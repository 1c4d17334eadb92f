/**
 * Quote one argument for any POSIX shell: a single-quoted word (`it's` → `'it'\''s'`). The one
 * quoting rule for every command Opsdeck builds (workflows, cluster exec, dialects, the AWS CLI
 * line it shows).
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The same quoting for a line people read: bare when the word is safe (`t3.micro`), else quoted. */
export function shellWord(value: string): string {
  return value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : shellQuote(value);
}
