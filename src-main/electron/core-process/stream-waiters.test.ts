/**
 * Main hands a window the port the core confirmed, by number, and no other: a late or foreign
 * answer never hands over a port the core does not hold; a refused port is closed and the window
 * told there is none.
 */
import { describe, expect, it, vi } from 'vitest';
import { streamWaiters } from './stream-waiters';

const port = () => ({ close: vi.fn() });

describe('stream port waiters (main)', () => {
  it('hands over the port whose number the core confirmed, once', () => {
    const waiters = streamWaiters<ReturnType<typeof port>>();
    const deliver = vi.fn();
    const p = port();
    const gen = waiters.add(1, p, deliver);
    expect(waiters.has(1)).toBe(true);
    expect(waiters.waits(1, gen)).toBe(true);
    waiters.settle({ conn: 1, gen: gen + 1, ok: true }); // about another port: ignored
    expect(deliver).not.toHaveBeenCalled();
    waiters.settle({ conn: 1, gen, ok: true });
    expect(deliver).toHaveBeenCalledWith(p);
    waiters.settle({ conn: 1, gen, ok: true }); // repeated: nothing more
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(p.close).not.toHaveBeenCalled();
    expect(waiters.has(1)).toBe(false);
  });

  it('a refused port is closed and the window is told there is none', () => {
    const waiters = streamWaiters<ReturnType<typeof port>>();
    const deliver = vi.fn();
    const p = port();
    const gen = waiters.add(2, p, deliver);
    waiters.settle({ conn: 2, gen, ok: false });
    expect(p.close).toHaveBeenCalled();
    expect(deliver).toHaveBeenCalledWith(undefined);
  });

  it('numbers keep growing across windows and restarts; a dropped waiter is closed, never handed', () => {
    const waiters = streamWaiters<ReturnType<typeof port>>();
    const deliver = vi.fn();
    const a = port();
    const b = port();
    const genA = waiters.add(1, a, deliver);
    const genB = waiters.add(2, b, deliver);
    expect(genB).toBeGreaterThan(genA);
    waiters.drop(1);
    expect(a.close).toHaveBeenCalled();
    waiters.settle({ conn: 1, gen: genA, ok: true });
    waiters.dropAll(); // the core died
    expect(b.close).toHaveBeenCalled();
    waiters.settle({ conn: 2, gen: genB, ok: true });
    expect(deliver).not.toHaveBeenCalled();
    expect(waiters.add(1, port(), deliver)).toBeGreaterThan(genB);
  });
});
