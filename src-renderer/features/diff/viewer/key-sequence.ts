/** What a vimdiff key sequence asks for. */
export type KeyCommand =
  | { kind: 'next'; dir: 1 | -1; count: number }
  | { kind: 'obtain'; count: number | null }
  | { kind: 'put'; count: number | null }
  | { kind: 'ex' }
  | { kind: 'folds'; open: boolean }
  | { kind: 'edit' };

export type Fed = { done: KeyCommand } | 'pending' | 'none';

/**
 * The vimdiff keys without a full vim keymap: `]c` `[c` (with a count: `3]c`), `do` `dp` (with a
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
    if (rest === '' || ([']', '[', 'd', 'z'].includes(rest) && !digits.startsWith('0'))) {
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
    switch (rest) {
      case ']c':
        return { kind: 'next', dir: 1, count: count ?? 1 };
      case '[c':
        return { kind: 'next', dir: -1, count: count ?? 1 };
      case 'do':
        return { kind: 'obtain', count };
      case 'dp':
        return { kind: 'put', count };
      case 'zR':
        return count === null ? { kind: 'folds', open: true } : undefined;
      case 'zM':
        return count === null ? { kind: 'folds', open: false } : undefined;
      case ':':
        return count === null ? { kind: 'ex' } : undefined;
      case 'i':
      case 'a':
      case 'Enter':
        return count === null ? { kind: 'edit' } : undefined;
    }
    return undefined;
  }
}
