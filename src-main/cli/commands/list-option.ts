/** `--hosts a, b,c` → ['a', 'b', 'c']: a comma-separated option value, blanks dropped. */
export const csv = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The same for an option that may be given more than once (`--tag a,b --tag c`). */
export const csvRepeatable = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...csv(value),
];
