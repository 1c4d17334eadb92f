import { describe, expect, it, vi } from 'vitest';
import { once } from './inflight';

describe('once', () => {
  it('shares a call in flight and calls again later', async () => {
    const fn = vi.fn(async () => 42);
    const [a, b] = await Promise.all([once('k', fn), once('k', fn)]);
    expect([a, b]).toEqual([42, 42]);
    expect(fn).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 1));
    await once('k', fn);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
