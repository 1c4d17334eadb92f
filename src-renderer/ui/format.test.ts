import { describe, expect, it } from 'vitest';
import { elapsed, formatAgo, formatBytes, formatDuration, formatMiB, formatUptime } from './format';

describe('format', () => {
  it('durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(7_260_000)).toBe('2 h 01 min');
    expect(formatDuration(-1)).toBe('—');
  });
  it('sizes and uptime', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12_700)).toBe('12.4 KiB');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.3 MiB');
    expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.20 GiB');
    expect(formatMiB(512)).toBe('512 MiB');
    expect(formatMiB(16_012)).toBe('16 GiB');
    expect(formatMiB(2048)).toBe('2.0 GiB');
    expect(formatMiB(3 * 1024 * 1024)).toBe('3.0 TiB');
    expect(formatUptime(41 * 86400 + 3 * 3600 + 5)).toBe('41 d 3 h');
    expect(formatUptime(5 * 3600 + 12 * 60)).toBe('5 h 12 min');
  });
  it('relative times and elapsed', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(formatAgo('2025-01-01T11:59:30Z', now)).toBe('30 s ago');
    expect(formatAgo('2024-12-29T12:00:00Z', now)).toBe('3 d ago');
    expect(formatAgo(undefined, now)).toBe('—');
    expect(elapsed('2025-01-01T11:59:00Z', undefined, now)).toBe(60_000);
    expect(elapsed('2025-01-01T11:59:00Z', '2025-01-01T11:59:02Z', now)).toBe(2000);
    expect(elapsed(undefined, undefined, now)).toBeNull();
  });
});
