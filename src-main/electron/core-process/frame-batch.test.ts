/**
 * Frame batching of a window's stream: while terminals stream, one message per frame; after a
 * quiet frame, or for a terminal that was quiet (a keystroke's echo), this very turn.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});
