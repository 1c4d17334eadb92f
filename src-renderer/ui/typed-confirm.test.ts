import { describe, expect, it } from 'vitest';
import { typedState } from './typed-confirm';

describe('typed confirmation', () => {
  it('nothing typed is neither a match nor a mismatch', () => {
    expect(typedState('', ['db1'])).toBe('empty');
    expect(typedState('   ', ['db1'])).toBe('empty');
  });

  it('matches one of the accepted texts exactly, ignoring the ends only', () => {
    expect(typedState(' vol-0abc\n', ['vol-0abc', 'data'])).toBe('match');
    expect(typedState('data', ['vol-0abc', 'data'])).toBe('match');
    expect(typedState('DATA', ['vol-0abc', 'data'])).toBe('mismatch');
    expect(typedState('vol-0ab', ['vol-0abc'])).toBe('mismatch');
    expect(typedState('vol 0abc', ['vol-0abc'])).toBe('mismatch');
  });
});
