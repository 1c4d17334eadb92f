import { describe, expect, it } from 'vitest';
import { OpsdeckError, type ErrorShape } from '../../../contract';
import { backoffAfter, isRetryable, runWithPolicy } from './step-policy';

const unreachable = () => new OpsdeckError('SSH_UNREACHABLE', 'db1 did not answer', 'check it');

describe('step policy', () => {
  it('retries errors worth it with a growing pause, and says so each time', async () => {
    const retries: [number, number, string, number][] = [];
    let tries = 0;
    const result = await runWithPolicy({
      title: 'Read facts',
      retry: { attempts: 3, backoffMs: 5 },
      signal: new AbortController().signal,
      attempt: async ({ n }) => {
        tries = n;
        if (n < 3) throw unreachable();
        return 'ok';
      },
      onRetry: (n, of, e, pause) => retries.push([n, of, e.code, pause]),
    });
    expect(result).toBe('ok');
    expect(tries).toBe(3);
    expect(retries).toEqual([
      [1, 3, 'SSH_UNREACHABLE', 5],
      [2, 3, 'SSH_UNREACHABLE', 10],
    ]);
  });

  it('does not retry what will not change (a failed command, a refused login)', async () => {
    let tries = 0;
    const failed = runWithPolicy({
      title: 'mkfs',
      retry: { attempts: 5, backoffMs: 1 },
      signal: new AbortController().signal,
      attempt: async () => {
        tries++;
        throw new OpsdeckError('SSH_COMMAND_FAILED', 'mkfs exited 1', 'look');
      },
      onRetry: () => undefined,
    });
    await expect(failed).rejects.toMatchObject({ code: 'SSH_COMMAND_FAILED' });
    expect(tries).toBe(1);
    expect(
      isRetryable({ attempts: 3, retryOn: ['SSH_COMMAND_FAILED'] }, {
        code: 'SSH_COMMAND_FAILED',
      } as ErrorShape),
    ).toBe(true);
    expect(isRetryable({ attempts: 1 }, { code: 'SSH_UNREACHABLE' } as ErrorShape)).toBe(false);
    expect(backoffAfter({ attempts: 9, backoffMs: 1000, maxBackoffMs: 5000 }, 4)).toBe(5000);
  });

  it('ends an attempt at its time limit even when the work ignores its signal, then retries', async () => {
    const seen: string[] = [];
    const out = runWithPolicy({
      title: 'Wait for the replica',
      timeoutMs: 30,
      retry: { attempts: 2, backoffMs: 1 },
      signal: new AbortController().signal,
      attempt: ({ n, signal }) => {
        signal.addEventListener('abort', () => seen.push(`aborted ${n}`));
        return new Promise<string>(() => undefined); // never settles
      },
      onRetry: (n, of, e) => seen.push(`${e.code} ${n}/${of}`),
    });
    const err = await out.catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'TIMEOUT',
      message: '“Wait for the replica” took longer than its limit of 30 ms (attempt 2 of 2).',
    });
    expect(seen).toEqual(['aborted 1', 'TIMEOUT 1/2', 'aborted 2']);
  });

  it('stops the clock while the step waits for a person', async () => {
    const result = await runWithPolicy({
      title: 'Gate',
      timeoutMs: 40,
      signal: new AbortController().signal,
      attempt: async ({ timer }) => {
        timer.pause();
        await new Promise((r) => setTimeout(r, 80));
        timer.resume();
        return 'answered';
      },
      onRetry: () => undefined,
    });
    expect(result).toBe('answered');
  });

  it('a cancel ends it at once as CANCELLED, also during the pause between attempts', async () => {
    const controller = new AbortController();
    const out = runWithPolicy({
      title: 'x',
      retry: { attempts: 3, backoffMs: 60_000 },
      signal: controller.signal,
      attempt: async () => {
        throw unreachable();
      },
      onRetry: () => setTimeout(() => controller.abort(), 5),
    });
    await expect(out).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
