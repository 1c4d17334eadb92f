import { describe, expect, it } from 'vitest';
import { Slots } from './slots';

describe('Slots', () => {
  it('queues beyond its size and hands slots over in order', async () => {
    const slots = new Slots(1);
    await slots.acquire();
    const order: number[] = [];
    const a = slots.acquire().then(() => order.push(1));
    const b = slots.acquire().then(() => order.push(2));
    slots.release();
    await a;
    slots.release();
    await b;
    expect(order).toEqual([1, 2]);
  });

  it('lets a waiter give up', async () => {
    const slots = new Slots(1);
    await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    slots.release();
    await expect(slots.acquire()).resolves.toBeUndefined();
  });
});
