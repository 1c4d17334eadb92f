import { describe, expect, it } from 'vitest';
import { CHORD_KEYS, chordKeyFor, DIFF_KEYS, SEQUENCE_KEYS, type KeyCommand } from './diff-keys';
import { KeySequence } from './key-sequence';

const ALL_KINDS: Record<KeyCommand['kind'], true> = {
  next: true,
  obtain: true,
  put: true,
  ex: true,
  folds: true,
  edit: true,
};

/** A key press from a chord as the table spells it (`Alt+Down`, `Mod+S`). */
function press(chord: string) {
  const parts = chord.split('+');
  const key = parts.pop() as string;
  const named: Record<string, string> = { Down: 'ArrowDown', Up: 'ArrowUp' };
  return {
    key: named[key] ?? key.toLowerCase(),
    code: key.length === 1 ? `Key${key.toUpperCase()}` : key,
    ctrlKey: parts.includes('Mod'),
    metaKey: false,
    altKey: parts.includes('Alt'),
  };
}

describe('the diff keys table (keys layer, key sequence and the ? sheet read it)', () => {
  it('has a row for every command the key sequence can give', () => {
    const kinds = new Set(SEQUENCE_KEYS.map((k) => k.command(null).kind));
    expect([...kinds].sort()).toEqual(Object.keys(ALL_KINDS).sort());
  });

  it('each sequence row, typed, is the command it documents', () => {
    for (const row of SEQUENCE_KEYS)
      for (const typed of row.keys) {
        const seq = new KeySequence();
        const keys = typed === 'Enter' ? ['Enter'] : [...typed];
        const fed = keys.map((k) => seq.feed(k)).at(-1);
        expect(fed, typed).toEqual({ done: row.command(null) });
        if (row.counted) {
          const counted = ['2', ...keys].map((k) => seq.feed(k)).at(-1);
          expect(counted, `2${typed}`).toEqual({ done: row.command(2) });
        }
      }
  });

  it('each chord row is the key press the keys layer acts on', () => {
    for (const row of CHORD_KEYS)
      for (const c of row.keys) expect(chordKeyFor(press(c)), c).toBe(row.id);
    // macOS: Alt+O types ø; the key's position decides.
    expect(
      chordKeyFor({ key: 'ø', code: 'KeyO', altKey: true, ctrlKey: false, metaKey: false }),
    ).toBe('obtain');
    expect(chordKeyFor(press('Alt+X'))).toBeUndefined();
    expect(chordKeyFor(press('x'))).toBeUndefined();
  });

  it('lists every row in the ? sheet under one group', () => {
    expect(DIFF_KEYS).toHaveLength(SEQUENCE_KEYS.length + CHORD_KEYS.length);
    const keys = DIFF_KEYS.flatMap((d) => d.keys);
    for (const k of [']c', '[c', 'do', 'dp', 'zR', 'zM', ':', 'i', 'Mod+S', 'Alt+Down'])
      expect(keys).toContain(k);
    expect(new Set(DIFF_KEYS.map((d) => d.group)).size).toBe(1);
  });
});
