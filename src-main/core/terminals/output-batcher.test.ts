import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from './output-batcher';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('OutputBatcher', () => {
  it('coalesces chunks arriving within the delay into one emit', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t), { maxDelayMs: 5 });
    b.push(Buffer.from('a'));
    b.push(Buffer.from('b'));
    b.push('c');
    expect(out).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(out).toEqual(['abc']);
    vi.advanceTimersByTime(50);
    expect(out).toEqual(['abc']);
  });

  it('flushes at once when the size limit is reached', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t), { maxChars: 10 });
    b.push('12345');
    b.push('67890x');
    expect(out).toEqual(['1234567890x']);
  });

  it('a megabyte in 32 KB packets becomes ~16 events, not 32', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t));
    const packet = Buffer.alloc(32 * 1024, 'x');
    for (let i = 0; i < 32; i++) b.push(packet);
    b.end();
    expect(out.length).toBe(16);
    expect(out.join('').length).toBe(1024 * 1024);
  });

  it('keeps multi-byte characters split across packets whole', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t));
    const bytes = Buffer.from('é€😀', 'utf8');
    for (const byte of bytes) b.push(Buffer.from([byte]));
    b.end();
    expect(out.join('')).toBe('é€😀');
  });

  it('dispose drops pending output', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t));
    b.push('x');
    b.dispose();
    vi.advanceTimersByTime(100);
    expect(out).toEqual([]);
  });
});
