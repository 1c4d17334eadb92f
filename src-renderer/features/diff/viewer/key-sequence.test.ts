import { describe, expect, it } from 'vitest';
import { KeySequence } from './key-sequence';

const feed = (keys: string[]) => {
  const k = new KeySequence();
  return keys.map((key) => k.feed(key));
};

describe('KeySequence (vimdiff keys without the vim keymap)', () => {
  it('knows ]c [c do dp, with counts', () => {
    expect(feed([']', 'c'])).toEqual(['pending', { done: { kind: 'next', dir: 1, count: 1 } }]);
    expect(feed(['3', '[', 'c']).at(-1)).toEqual({ done: { kind: 'next', dir: -1, count: 3 } });
    expect(feed(['d', 'o']).at(-1)).toEqual({ done: { kind: 'obtain', count: null } });
    expect(feed(['1', 'd', 'p']).at(-1)).toEqual({ done: { kind: 'put', count: 1 } });
  });

  it('opens the command line on : and starts editing on i, a or Enter', () => {
    expect(feed([':'])).toEqual([{ done: { kind: 'ex' } }]);
    for (const key of ['i', 'a', 'Enter'])
      expect(feed([key])).toEqual([{ done: { kind: 'edit' } }]);
  });

  it('opens and closes every fold of unchanged lines on zR / zM, as vim does', () => {
    expect(feed(['z', 'R'])).toEqual(['pending', { done: { kind: 'folds', open: true } }]);
    expect(feed(['z', 'M']).at(-1)).toEqual({ done: { kind: 'folds', open: false } });
    expect(feed(['2', 'z', 'R']).at(-1)).toBe('none');
    expect(feed(['z', 'x'])).toEqual(['pending', 'none']);
  });

  it('drops a sequence on Esc or a key that does not continue it', () => {
    expect(feed([']', 'Escape', 'c'])).toEqual(['pending', 'pending', 'none']);
    expect(feed(['d', 'x', 'o'])).toEqual(['pending', 'none', 'none']);
    expect(feed(['x'])).toEqual(['none']);
    const k = new KeySequence();
    k.feed('2');
    expect(k.pending).toBe('2');
  });
});
