import { afterEach, describe, expect, it, vi } from 'vitest';
import { poll, retryDelay } from './poll';

afterEach(() => vi.useRealTimers());

describe('poll (interval feeds)', () => {
  it('backs off after failures in a row, capped, and starts over after a success', () => {
    const o = { intervalMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, o))).toEqual([
      5000, 10000, 20000, 40000, 60000,
    ]);
    expect(retryDelay(3, { intervalMs: 120_000 })).toBe(120_000); // never faster than asked
    expect(retryDelay(9, { intervalMs: 1000, maxBackoffMs: 8000 })).toBe(8000);
  });

  it('reads at once, then every interval, never two reads at a time; stops on abort', async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let most = 0;
    const values: number[] = [];
    let n = 0;
    const controller = new AbortController();
    poll(
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 300)); // slower than nothing, faster than the interval
        inFlight--;
        return ++n;
      },
      { data: (v) => values.push(v), error: () => undefined, end: () => undefined },
      controller.signal,
      { intervalMs: 1000 },
    );
    await vi.advanceTimersByTimeAsync(300);
    expect(values).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1300);
    expect(values).toEqual([1, 2]);
    controller.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(values).toEqual([1, 2]);
    expect(most).toBe(1);
  });

  it('reports a failed read with the pause before the next attempt', async () => {
    vi.useFakeTimers();
    const errors: number[] = [];
    const controller = new AbortController();
    poll(
      () => Promise.reject(new Error('down')),
      {
        data: () => undefined,
        error: (_e, retryInMs) => errors.push(retryInMs),
        end: () => undefined,
      },
      controller.signal,
      { intervalMs: 1000 },
    );
    await vi.advanceTimersByTimeAsync(2500);
    expect(errors).toEqual([1000, 2000]);
    controller.abort();
  });
});
