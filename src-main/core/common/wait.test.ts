import { describe, expect, it, vi } from 'vitest';
import { OpsdeckError } from '../../contract';
import { isCancelled } from './cancel';
import { settledWithin, sleep, waitUntil } from './wait';

describe('sleep', () => {
  it('ends at once on abort with CANCELLED, and leaves no listener behind', async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    await sleep(1, controller.signal);
    expect(add.mock.calls.length).toBe(remove.mock.calls.length);
    const pending = sleep(60_000, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(isCancelled(await pending)).toBe(true);
    await expect(sleep(1, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('settledWithin', () => {
  it('gives up on a clean-up that never settles (a stop sent to a dead host) after the bound', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waiting = settledWithin(new Promise(() => undefined), 15_000).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(14_999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends as soon as the clean-up settles, failed or not, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    try {
      await settledWithin(Promise.reject(new Error('host gone')), 60_000);
      await settledWithin(Promise.resolve(), 60_000);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('waitUntil', () => {
  it('returns the first value the probe gives, does not poll once cancelled', async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let polls = 0;
    const got = await waitUntil(async () => (++polls === 3 ? 'ready' : undefined), {
      what: 'three polls',
      pollMs: 1,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    expect(got).toBe('ready');
    expect(add.mock.calls.length).toBe(remove.mock.calls.length);
    controller.abort();
    const err = await waitUntil(async () => ++polls > 100, {
      what: 'nothing',
      pollMs: 1,
      timeoutMs: 5000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED', message: 'Waiting for nothing was cancelled.' });
    expect(polls).toBe(3);
  });

  it('times out with the last tolerated error and the hint', async () => {
    const err = await waitUntil(
      async () => {
        throw new Error('connection refused');
      },
      { what: 'MySQL', pollMs: 5, timeoutMs: 20, tolerateErrors: true, hint: 'Start it.' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsdeckError);
    expect(err).toMatchObject({
      code: 'TIMEOUT',
      message: 'Gave up waiting for MySQL after 0 s: connection refused.',
      hint: 'Start it.',
    });
  });

  it('passes probe errors through unless told to tolerate them', async () => {
    await expect(
      waitUntil(
        async () => {
          throw new OpsdeckError('AWS_UNAUTHORIZED', 'no', 'creds');
        },
        { what: 'x', pollMs: 1, timeoutMs: 100 },
      ),
    ).rejects.toMatchObject({ code: 'AWS_UNAUTHORIZED' });
  });
});
