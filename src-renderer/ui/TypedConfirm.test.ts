import { describe, expect, it } from 'vitest';
import { typedMatches } from './TypedConfirm';

describe('typed confirmation', () => {
  it('accepts any of the names exactly, ignoring surrounding spaces', () => {
    expect(typedMatches(['i-0abc', 'web-1'], 'web-1')).toBe(true);
    expect(typedMatches(['i-0abc', 'web-1'], '  i-0abc ')).toBe(true);
  });
  it('refuses another case, a prefix, or nothing', () => {
    expect(typedMatches(['db2'], 'DB2')).toBe(false);
    expect(typedMatches(['db2'], 'db')).toBe(false);
    expect(typedMatches(['db2'], '')).toBe(false);
  });
});
