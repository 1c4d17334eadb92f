import { describe, expect, it } from 'vitest';
import { runLimited } from './limiter';

describe('runLimited', () => {
  it('never runs more than the limit at once, and runs everything', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      running--;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('skips items not started when the signal aborts', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const skipped: number[] = [];
    await runLimited(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started.push(n);
        if (n === 2) controller.abort();
      },
      { signal: controller.signal, onSkipped: (n) => skipped.push(n) },
    );
    expect(started).toEqual([1, 2]);
    expect(skipped).toEqual([3, 4]);
  });
});
