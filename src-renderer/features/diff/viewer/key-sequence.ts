import { SEQUENCE_KEYS, type KeyCommand } from './diff-keys';

export type { KeyCommand };

/** What a first key can start (`]` of `]c`, `z` of `zR`). */
const PREFIXES = new Set(
  SEQUENCE_KEYS.flatMap((k) => k.keys.filter((s) => s.length === 2).map((s) => s[0] as string)),
);

export type Fed = { done: KeyCommand } | 'pending' | 'none';

/**
 * The vimdiff keys (SEQUENCE_KEYS) without a full vim keymap: `]c` `[c` (with a count: `3]c`), `do` `dp` (with a
 * buffer number: `1do`), `zR` / `zM` to open / close every fold of unchanged lines, `:` for a
 * command line, `i` `a` or Enter to start editing. Esc or any
 * other key drops what was typed so far.
 */
export class KeySequence {
  private typed = '';

  /** `key` as in KeyboardEvent.key. */
  feed(key: string): Fed {
    if (key === 'Escape') {
      const had = this.typed !== '';
      this.typed = '';
      return had ? 'pending' : 'none';
    }
    const next = this.typed + key;
    const m = /^(\d*)(.*)$/.exec(next) as RegExpExecArray;
    const digits = m[1] as string;
    const rest = m[2] as string;
    const count = digits ? Number(digits) : null;
    const command = this.match(rest, count);
    if (command) {
      this.typed = '';
      return { done: command };
    }
    if (rest === '' || (PREFIXES.has(rest) && !digits.startsWith('0'))) {
      this.typed = next;
      return 'pending';
    }
    this.typed = '';
    return 'none';
  }

  get pending(): string {
    return this.typed;
  }

  private match(rest: string, count: number | null): KeyCommand | undefined {
    const key = SEQUENCE_KEYS.find((k) => k.keys.includes(rest));
    if (!key || (count !== null && !key.counted)) return undefined;
    return key.command(count);
  }
}
