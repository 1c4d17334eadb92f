import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src-main/contract';
import { mergeAudit } from './audit-model';

const rec = (id: number, action = 'x'): AuditRecord => ({
  id,
  at: new Date(1_700_000_000_000 + id * 1000).toISOString(),
  door: 'cli',
  target: 'db1',
  action,
  detail: '',
  outcome: 'ok',
});

describe('mergeAudit (the Audit area follows audit.appended)', () => {
  it('puts an appended record on top', () => {
    expect(mergeAudit([rec(2), rec(1)], [rec(3)]).map((r) => r.id)).toEqual([3, 2, 1]);
  });

  it('keeps each record once when an event and a fresh list both carry it', () => {
    const merged = mergeAudit([rec(3, 'event'), rec(2)], [rec(3, 'listed'), rec(2), rec(1)]);
    expect(merged.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(merged[0]!.action).toBe('listed');
  });

  it('keeps events that arrived before the first list (appended after it was read)', () => {
    expect(mergeAudit([rec(5)], [rec(4), rec(3)]).map((r) => r.id)).toEqual([5, 4, 3]);
  });

  it('drops the oldest beyond the limit', () => {
    expect(mergeAudit([rec(2), rec(1)], [rec(3)], 2).map((r) => r.id)).toEqual([3, 2]);
  });
});
