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

    it('after an at-once emit, the rest of a multi-packet echo follows within 5 ms, not a frame', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      b.push('a'); // idle: at once
      vi.advanceTimersByTime(2);
      b.push('b'); // the redraw's next packet
      vi.advanceTimersByTime(2);
      expect(out).toEqual(['a']);
      vi.advanceTimersByTime(1); // 5 ms after 'a'
      expect(out).toEqual(['a', 'b']);
    });

    it('a packet later than the short window after an at-once emit goes at the end of the turn', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      b.push('a');
      vi.advanceTimersByTime(10);
      b.push('b'); // 10 ms: past the 5 ms window, within the frame
      expect(out).toEqual(['a']);
      vi.advanceTimersByTime(0);
      expect(out).toEqual(['a', 'b']);
    });

    it('while output keeps coming, a chunk waits only for the rest of the frame', () => {
      const out: string[] = [];
      const b = new OutputBatcher((t) => out.push(t), frame);
      b.push('a'); // at once (t=0)
      vi.advanceTimersByTime(1);
      b.push('b'); // the short window: out at t=5, a stream from now on
      vi.advanceTimersByTime(4);
      expect(out).toEqual(['a', 'b']);
      vi.advanceTimersByTime(10);
      b.push('c'); // t=15: waits for the frame that began at t=5
      vi.advanceTimersByTime(5);
      expect(out).toEqual(['a', 'b']);
      vi.advanceTimersByTime(1); // t=21
      expect(out).toEqual(['a', 'b', 'c']);
    });

    it('a steady stream gets at most one emit per 16 ms after its first short window', () => {
      const at: number[] = [];
      const start = performance.now();
      const b = new OutputBatcher(() => at.push(performance.now() - start), frame);
      for (let i = 0; i < 100; i++) {
        b.push(Buffer.from('x'));
        vi.advanceTimersByTime(1);
      }
      vi.advanceTimersByTime(16);
      expect(at.slice(0, 2)).toEqual([0, 5]); // at once, then the short window
      const gaps = at.slice(2).map((t, i) => t - at[i + 1]!);
      expect(gaps.length).toBeGreaterThan(4);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(16);
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
