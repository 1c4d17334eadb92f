import { describe, expect, it } from 'vitest';
import { costHint } from './cost-hint';

describe('costHint', () => {
  it('gives the hourly list price of a known type, and the daily one when the instance is kept', () => {
    expect(costHint('t3.large', false)).toMatch(/^≈ \$0\.083\/h on demand/);
    expect(costHint('t3.large', false)).not.toContain('/day');
    expect(costHint('t3.large', true)).toContain('≈ $2.00/day while kept');
  });

  it('says where to look for a type it does not know, never a made-up price', () => {
    expect(costHint('x9.huge', true)).toBe(
      'No list price known here for x9.huge: see aws.amazon.com/ec2/pricing.',
    );
  });
});
