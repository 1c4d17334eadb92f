import { describe, expect, it } from 'vitest';
import type { KeyLike } from './keys';
import { tabMove } from './tab-keys';

const key = (k: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('tab keys (every strip of tabs)', () => {
  it('the arrows move to the next or previous tab and go round at the ends', () => {
    expect(tabMove(0, 3, key('ArrowRight'))).toBe(1);
    expect(tabMove(2, 3, key('ArrowRight'))).toBe(0);
    expect(tabMove(1, 3, key('ArrowLeft'))).toBe(0);
    expect(tabMove(0, 3, key('ArrowLeft'))).toBe(2);
  });

  it('Home and End go to the first and last tab', () => {
    expect(tabMove(1, 3, key('Home'))).toBe(0);
    expect(tabMove(0, 3, key('End'))).toBe(2);
  });

  it('other keys, chords, a tab not in the strip and an empty strip move nothing', () => {
    expect(tabMove(0, 3, key('ArrowDown'))).toBeUndefined();
    expect(tabMove(0, 3, key('Enter'))).toBeUndefined();
    expect(tabMove(0, 3, key('ArrowRight', { ctrlKey: true }))).toBeUndefined();
    expect(tabMove(-1, 3, key('ArrowRight'))).toBeUndefined();
    expect(tabMove(0, 0, key('Home'))).toBeUndefined();
  });
});
