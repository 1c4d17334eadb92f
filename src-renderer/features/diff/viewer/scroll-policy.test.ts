import { describe, expect, it } from 'vitest';
import { insideWithSpare } from './scroll-policy';

describe(']c scroll policy: a change on screen is not scrolled to', () => {
  const view = { top: 100, bottom: 900 };
  const spare = 60; // three 20 px lines

  it('a line well inside the view stays where it is', () => {
    expect(insideWithSpare({ top: 400, bottom: 420 }, view, spare)).toBe(true);
    expect(insideWithSpare({ top: 160, bottom: 180 }, view, spare)).toBe(true);
    expect(insideWithSpare({ top: 820, bottom: 840 }, view, spare)).toBe(true);
  });

  it('a line within the margin of either edge, or past it, is scrolled to', () => {
    expect(insideWithSpare({ top: 150, bottom: 170 }, view, spare)).toBe(false);
    expect(insideWithSpare({ top: 830, bottom: 850 }, view, spare)).toBe(false);
    expect(insideWithSpare({ top: 1200, bottom: 1220 }, view, spare)).toBe(false);
    expect(insideWithSpare({ top: -40, bottom: -20 }, view, spare)).toBe(false);
  });

  it('a line the editor has not drawn (far away) is scrolled to', () => {
    expect(insideWithSpare(null, view, spare)).toBe(false);
  });
});
