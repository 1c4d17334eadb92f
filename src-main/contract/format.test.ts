import { describe, expect, it } from 'vitest';
import { formatAmount, formatBytes, formatDuration, formatEta, formatRate } from './format';

describe('format (shared by core, CLI and renderer)', () => {
  it('sizes in binary units, unknown as a dash', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12_700)).toBe('12.4 KiB');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.3 MiB');
    expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.20 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2.00 TiB');
    expect(formatBytes(-1)).toBe('—');
  });
  it('durations and time left', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(7_260_000)).toBe('2 h 01 min');
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(250)).toBe('4 min 10 s');
    expect(formatEta(undefined)).toBe('—');
    expect(formatEta(Infinity)).toBe('—');
  });
  it('amounts and rates in their unit', () => {
    expect(formatAmount(12_400, 'rows')).toBe('12,400 rows');
    expect(formatAmount(41.6, 'percent')).toBe('42 %');
    expect(formatRate(13 * 1024 * 1024, 'bytes')).toBe('13.0 MiB/s');
    expect(formatRate(1200, 'rows')).toBe('1,200 rows/s');
    expect(formatRate(0.5, 'items')).toBe('0.5/s');
  });
});
