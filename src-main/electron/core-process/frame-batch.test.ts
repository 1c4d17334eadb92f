/**
 * Frame batching of a window's stream: while terminals stream, one message per frame; after a
 * quiet frame, or for a terminal that was quiet (a keystroke's echo), this very turn.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TERMINAL_FRAME_MS } from '../../contract';
import { terminalOutputBatcher } from '../../../testing/core/terminal-output';
import { frameBatch } from './frame-batch';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

interface Item {
  terminal: string;
  n: number;
}
const keyOf = (item: Item) => item.terminal;

function recorder() {
  const sent: Item[][] = [];
  const batch = frameBatch<Item>((items) => sent.push(items), { keyOf });
  return { sent, batch };
}

describe('frameBatch', () => {
  it('sends the first item after a quiet frame this turn (no timer wait)', () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'a', n: 0 });
    batch({ terminal: 'b', n: 0 }); // same turn: goes with it
    expect(sent).toEqual([]);
    vi.advanceTimersToNextTimer(); // the setImmediate of this turn
    expect(sent).toEqual([
      [
        { terminal: 'a', n: 0 },
        { terminal: 'b', n: 0 },
      ],
    ]);
  });

  it('while terminals stream, sends at most one message per frame, in order', () => {
    const { sent, batch } = recorder();
    let n = 0;
    // Two terminals, each with output every 4 ms for 160 ms.
    for (let t = 0; t < 160; t += 4) {
      batch({ terminal: 'a', n: n++ });
      batch({ terminal: 'b', n: n++ });
      vi.advanceTimersByTime(4);
    }
    vi.advanceTimersByTime(32);
    expect(sent.flat().map((i) => i.n)).toEqual([...Array(n).keys()]);
    expect(sent.length).toBeLessThanOrEqual(160 / 16 + 2);
  });

  it("a quiet terminal's echo is not held back by another terminal's stream", () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'cat', n: 0 });
    vi.advanceTimersByTime(1); // sent
    batch({ terminal: 'cat', n: 1 }); // mid-frame: waits for the frame's end
    batch({ terminal: 'vim', n: 0 }); // the first output of a quiet terminal: this turn
    vi.advanceTimersToNextTimer();
    expect(sent).toEqual([
      [{ terminal: 'cat', n: 0 }],
      [
        { terminal: 'cat', n: 1 },
        { terminal: 'vim', n: 0 },
      ],
    ]);
  });

  it("a streaming terminal's output (about once a frame) waits for the frame", () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'a', n: 0 });
    vi.advanceTimersByTime(16);
    batch({ terminal: 'a', n: 1 }); // a frame later: the batch was quiet, so this turn
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(4);
    batch({ terminal: 'a', n: 2 }); // streaming: waits for the frame's end
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(3);
  });

  it('flush() sends what waits at once (before its channel closes)', () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'a', n: 0 });
    batch.flush();
    expect(sent).toEqual([[{ terminal: 'a', n: 0 }]]);
    vi.runAllTimers();
    expect(sent).toHaveLength(1);
  });

  it("the rest of a quiet terminal's multi-packet echo goes this turn too, not at the frame's end", () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'vim', n: 0 }); // the echo's first packet: this turn
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(4); // the output batcher's short after-idle window
    batch({ terminal: 'vim', n: 1 }); // the redraw's rest: this turn as well
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([[{ terminal: 'vim', n: 0 }], [{ terminal: 'vim', n: 1 }]]);
    batch({ terminal: 'vim', n: 2 }); // from now on a stream: waits for the frame
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(16);
    expect(sent).toHaveLength(3);
  });

  it('splits a frame past maxBytes into several messages, in order', () => {
    const sent: { terminal: string; data: string }[][] = [];
    const batch = frameBatch<{ terminal: string; data: string }>((items) => sent.push(items), {
      keyOf: (item) => item.terminal,
      sizeOf: (item) => item.data.length,
      maxBytes: 256 * 1024,
    });
    const chunk = 'x'.repeat(64 * 1024);
    for (let t = 0; t < 10; t++) batch({ terminal: `t${t}`, data: chunk }); // one frame
    vi.advanceTimersByTime(32);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const message of sent) expect(message.length).toBeLessThanOrEqual(4);
    expect(sent.flat().map((i) => i.terminal)).toEqual([...Array(10).keys()].map((t) => `t${t}`));
  });

  it('flush() sends items waiting for the frame timer (a running stream) at once', () => {
    const { sent, batch } = recorder();
    let n = 0;
    for (let t = 0; t < 64; t += 4) {
      batch({ terminal: 'a', n: n++ });
      vi.advanceTimersByTime(4);
    }
    batch({ terminal: 'a', n: n++ }); // mid-frame of a stream: waits for the timer
    const before = sent.length;
    batch.flush();
    expect(sent.length).toBe(before + 1);
    expect(sent.flat().map((i) => i.n)).toEqual([...Array(n).keys()]);
    vi.runAllTimers();
    expect(sent.length).toBe(before + 1);
  });

  it('cancel() drops what waits and no timer sends it later', () => {
    const { sent, batch } = recorder();
    batch({ terminal: 'a', n: 0 });
    vi.advanceTimersByTime(1);
    batch({ terminal: 'a', n: 1 }); // the follow-up: this turn
    batch({ terminal: 'a', n: 2 });
    batch.cancel();
    vi.runAllTimers();
    expect(sent).toEqual([[{ terminal: 'a', n: 0 }]]);
  });

  it("behind terminals' own output batchers (same frame): streams are one message a frame, an echo after two quiet frames goes at once", () => {
    const sent: Item[][] = [];
    const batch = frameBatch<Item>((items) => sent.push(items), { keyOf });
    let n = 0;
    const terminal = (name: string) =>
      terminalOutputBatcher(() => batch({ terminal: name, n: n++ }));
    const a = terminal('a');
    const b = terminal('b');
    const at: number[] = [];
    const start = performance.now();
    const count = () => {
      while (at.length < sent.length) at.push(performance.now() - start);
    };
    // 400 ms of `cat` in two terminals, a packet every 2 ms each, b half a frame behind a: were
    // a streaming terminal's output taken as "fresh", a message would go every half frame.
    for (let t = 0; t < 400; t += 2) {
      a.push(Buffer.from('x'));
      if (t >= 8) b.push(Buffer.from('y'));
      vi.advanceTimersByTime(1);
      count();
      vi.advanceTimersByTime(1);
      count();
    }
    vi.advanceTimersByTime(2 * TERMINAL_FRAME_MS);
    count();
    expect(sent.flat().map((i) => i.n)).toEqual([...Array(n).keys()]);
    // After the starts (each terminal's echo and short window), never faster than a frame.
    const steady = at.filter((t) => t > 40);
    const gaps = steady.slice(1).map((t, i) => t - steady[i]!);
    expect(gaps.length).toBeGreaterThan(15);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(TERMINAL_FRAME_MS - 1);
    // Two quiet frames later a keystroke's echo goes this very turn.
    const messages = sent.length;
    a.push(Buffer.from('l'));
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(messages + 1);
  });
});
