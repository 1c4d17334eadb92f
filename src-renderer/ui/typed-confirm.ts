/** What was typed into a typed confirmation, against the texts that confirm it. */
export type TypedState = 'empty' | 'mismatch' | 'match';

/**
 * Exact match after trimming the ends (a pasted name often carries a space or newline); case
 * matters — `db1` and `DB1` can be different hosts, volumes or databases.
 */
export function typedState(typed: string, accepted: readonly string[]): TypedState {
  const t = typed.trim();
  if (t === '') return 'empty';
  return accepted.includes(t) ? 'match' : 'mismatch';
}
