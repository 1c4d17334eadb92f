import { describe, expect, it } from 'vitest';
import { applyRetention } from './retention';

const at = (iso: string, id = iso) => ({ id, at: iso });

describe('retention (keep N daily / weekly / monthly)', () => {
  it('keeps the newest backup of each of the last N days and removes the rest', () => {
    const list = [
      at('2025-03-10T01:00:00Z'),
      at('2025-03-10T13:00:00Z'),
      at('2025-03-09T01:00:00Z'),
      at('2025-03-08T01:00:00Z'),
      at('2025-03-07T01:00:00Z'),
    ];
    const r = applyRetention(list, { daily: 2, weekly: 0, monthly: 0 });
    expect(r.keep.map((b) => b.id)).toEqual(['2025-03-10T13:00:00Z', '2025-03-09T01:00:00Z']);
    expect(r.remove.map((b) => b.id)).toEqual([
      '2025-03-10T01:00:00Z',
      '2025-03-08T01:00:00Z',
      '2025-03-07T01:00:00Z',
    ]);
  });

  it('weekly and monthly keep the newest of older ISO weeks and months; the union is kept', () => {
    const days = Array.from({ length: 70 }, (_, i) =>
      at(new Date(Date.UTC(2025, 0, 1 + i, 2)).toISOString()),
    );
    const r = applyRetention(days, { daily: 3, weekly: 2, monthly: 3 });
    expect(r.keep.map((b) => b.at.slice(0, 10))).toEqual([
      '2025-03-11', // newest: daily, weekly (week 11), monthly (March)
      '2025-03-10',
      '2025-03-09', // Sunday: newest of week 10
      '2025-02-28', // newest of February
      '2025-01-31', // newest of January
    ]);
    expect(r.reasons.get(r.keep[2]!.id)).toEqual(['daily 2025-03-09', 'weekly 2025-W10']);
    expect(r.keep.length + r.remove.length).toBe(70);
  });

  it('always keeps the newest, even with a zero policy; an empty list keeps nothing', () => {
    const r = applyRetention([at('2025-01-02T00:00:00Z'), at('2025-01-01T00:00:00Z')], {
      daily: 0,
      weekly: 0,
      monthly: 0,
    });
    expect(r.keep.map((b) => b.id)).toEqual(['2025-01-02T00:00:00Z']);
    expect(applyRetention([], { daily: 7, weekly: 4, monthly: 6 }).keep).toEqual([]);
  });
});
