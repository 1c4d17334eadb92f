import { describe, expect, it } from 'vitest';
import { parseSince } from './since';

const now = new Date('2025-03-10T12:00:00Z');

describe('parseSince (opsdeck audit --since)', () => {
  it('reads durations back from now', () => {
    expect(parseSince('90s', now)).toBe('2025-03-10T11:58:30.000Z');
    expect(parseSince('15m', now)).toBe('2025-03-10T11:45:00.000Z');
    expect(parseSince('2h', now)).toBe('2025-03-10T10:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2025-03-03T12:00:00.000Z');
    expect(parseSince('1W', now)).toBe('2025-03-03T12:00:00.000Z');
  });

  it('reads ISO times with a zone as given, and a date alone as local midnight', () => {
    expect(parseSince('2025-03-01T08:00:00Z', now)).toBe('2025-03-01T08:00:00.000Z');
    expect(parseSince('2025-03-01T08:00+02:00', now)).toBe('2025-03-01T06:00:00.000Z');
    expect(parseSince('2025-03-01', now)).toBe(new Date(2025, 2, 1).toISOString());
  });

  it('refuses what is not a time, with a hint', () => {
    expect(() => parseSince('yesterday', now)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS', hint: expect.stringContaining('2h') }),
    );
    expect(() => parseSince('2025-13-45', now)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
  });
});
