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

  it('keeps the order of bytes and text pushed into one batch (packets decoded together)', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t));
    const euro = Buffer.from('€', 'utf8');
    b.push(Buffer.from('a'));
    b.push(euro.subarray(0, 1));
    b.push(euro.subarray(1));
    b.push('[note]');
    b.push(Buffer.from('b'));
    vi.advanceTimersByTime(5);
    expect(out).toEqual(['a€[note]b']);
  });

  it('dispose drops pending output', () => {
    const out: string[] = [];
    const b = new OutputBatcher((t) => out.push(t));
    b.push('x');
    b.dispose();
    vi.advanceTimersByTime(100);
    expect(out).toEqual([]);
  });

  describe('immediateWhenIdle (a terminal: echo at once, a stream once per frame)', () => {
    const frame = { maxDelayMs: 16, immediateWhenIdle: true };

    it('emits a keystroke echo after a quiet frame at once, with no timer wait', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      b.push(Buffer.from('l'));
      expect(out).toEqual(['l']);
      vi.advanceTimersByTime(200); // the user thinks
      b.push(Buffer.from('s'));
      expect(out).toEqual(['l', 's']);
    });

    it('batches a stream: at most one emit per frame, in order, nothing lost', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      let sent = '';
      // 100 packets 2 ms apart (200 ms of `cat`): the first goes at once, the rest per frame.
      for (let i = 0; i < 100; i++) {
        const chunk = `line ${i}\n`;
        sent += chunk;
        b.push(Buffer.from(chunk));
        vi.advanceTimersByTime(2);
      }
      vi.advanceTimersByTime(16);
      expect(out.join('')).toBe(sent);
      expect(out[0]).toBe('line 0\n');
      expect(out.length).toBeLessThanOrEqual(Math.ceil(200 / 16) + 2);
      expect(out.length).toBeGreaterThan(5);
    });

    it('a chunk that follows an emit within the frame waits only for the rest of the frame', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      b.push('a');
      vi.advanceTimersByTime(10);
      b.push('b');
      vi.advanceTimersByTime(5);
      expect(out).toEqual(['a']);
      vi.advanceTimersByTime(1);
      expect(out).toEqual(['a', 'b']);
    });

    it('still flushes at once at the size limit while streaming', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), { ...frame, maxChars: 10 });
      b.push('x');
      b.push('1234567890');
      expect(out).toEqual(['x', '1234567890']);
    });
  });
});
