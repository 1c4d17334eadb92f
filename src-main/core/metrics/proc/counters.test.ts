import { describe, expect, it } from 'vitest';
import { counterDelta, counterRate } from './counters';

describe('counter maths', () => {
  it('an increase is the difference', () => {
    expect(counterDelta(100, 250)).toBe(150);
    expect(counterRate(100, 250, 2)).toBe(75);
  });
  it('a 32-bit wrap counts what passed through zero', () => {
    expect(counterDelta(2 ** 32 - 10, 5)).toBe(15);
  });
  it('a 64-bit counter that goes back, or an implausible wrap, is a reset: no value', () => {
    expect(counterDelta(2 ** 40, 5)).toBeNull();
    expect(counterDelta(100, 5)).toBeNull(); // would be a 4 GB wrap of a small counter
    expect(counterRate(undefined, 5, 1)).toBeNull();
    expect(counterRate(1, 5, 0)).toBeNull();
  });
});
