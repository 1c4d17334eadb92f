import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Host } from '../../contract';
import { StoppedError } from './remote-stop';
import { CLOSE_AFTER_STOP_MS, STOP_WAIT_MS, streamIn, streamOut, type StreamDeps } from './stream';

/**
 * A failed stream settles only after its remote command was stopped (what follows — a backup's
 * unlock — must not run while the tool still runs), or after STOP_WAIT_MS when the stop never
 * answers; its error says which. Fake SSH: a channel that runs until destroyed, and a stop exec
 * the test resolves (or never does).
 */
const host = { name: 'db1', user: 'admin', profile: { sudo: false } } as unknown as Host;

class FakeChannel extends EventEmitter {
  stderr = new EventEmitter();
  destroyed = false;
  pause() {}
  resume() {}
  destroy() {
    this.destroyed = true;
    // The channel closes at once locally; the remote process may still run.
    queueMicrotask(() => {
      this.emit('exit', null, 'TERM');
      this.emit('close');
    });
    return this;
  }
}

/** A channel the host never closes, whatever Opsdeck sends (a command deaf to its input's end). */
class StuckChannel extends FakeChannel {
  write() {
    return true;
  }
  end() {
    return this;
  }
  override destroy() {
    this.destroyed = true;
    return this;
  }
}

function fakeSsh(channel: FakeChannel = new FakeChannel()) {
  const stops: {
    command: string;
    signal: AbortSignal | undefined;
    answer: (stdout: string) => void;
  }[] = [];
  const client = {
    exec: (_command: string, cb: (err: Error | undefined, ch: ClientChannel) => void) => {
      cb(undefined, channel as unknown as ClientChannel);
      // The supervisor reports its ids first.
      queueMicrotask(() =>
        channel.stderr.emit('data', Buffer.from('@@opsdeck-pid 4711 4710 4710\n')),
      );
    },
  } as unknown as Client;
  const deps: StreamDeps = {
    acquire: () => Promise.resolve({ client, release: () => undefined }),
    exec: (_h, command, options) =>
      new Promise((resolve) =>
        stops.push({ command, signal: options?.signal, answer: (stdout) => resolve({ stdout }) }),
      ),
  };
  return { deps, stops, channel };
}

/** Whether `p` has settled, without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return done;
}

afterEach(() => vi.useRealTimers());

describe('a failed stream settles only after its command was stopped', () => {
  it('a cancel rejects only once the stop has answered, saying the command was stopped', async () => {
    const { deps, stops } = fakeSsh();
    const abort = new AbortController();
    const out = streamOut(deps, host, 'sleep 300 | cat', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    abort.abort();
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    // The stop went to the supervisor's session, as root on a sudo login.
    expect(stops[0]?.command).toMatch(/^sudo -n sh -c .*4710/s);
    // The channel closed, but the stop has not answered: still pending.
    expect(await settled(out)).toBe(false);
    stops[0]?.answer('@@opsdeck-stopped\n');
    const err: unknown = await out.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoppedError);
    expect(err).toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(/cancelled\. Its command on db1 was stopped\./),
      stop: { stopped: true },
    });
  });

  it('a stop that never answers holds the failure STOP_WAIT_MS, then says the stop is not confirmed', async () => {
    vi.useFakeTimers();
    const { deps, stops } = fakeSsh();
    const abort = new AbortController();
    const out = streamOut(deps, host, 'sleep 300 | cat', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(stops).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(STOP_WAIT_MS - 1);
    expect(await settled(out)).toBe(false);
    expect(stops[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    // Given up on: the stop's exec is aborted, so it can never run later (after a reconnect).
    expect(stops[0]?.signal?.aborted).toBe(true);
    const err: unknown = await out.catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(
        /could not confirm that its command on db1 stopped \(the stop got no answer within 15 s\)/,
      ),
      stop: undefined,
    });
  });

  it('a tool still running after KILL is named in the failure', async () => {
    const { deps, stops } = fakeSsh();
    const abort = new AbortController();
    const out = streamOut(deps, host, 'mariadb-dump | zstd', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    abort.abort();
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    stops[0]?.answer('@@opsdeck-stopped\n 4712 mariadb-dump\n');
    await expect(out).rejects.toMatchObject({
      message: expect.stringMatching(/still running after KILL: 4712 mariadb-dump/),
    });
  });

  it('a failed input whose channel never closes settles once the stop answered and CLOSE_AFTER_STOP_MS passed', async () => {
    vi.useFakeTimers();
    const { deps, stops } = fakeSsh(new StuckChannel());
    const from = new PassThrough();
    const fed = streamIn(deps, host, 'mariadb', from, { abortTrailer: 'SIGNAL' });
    fed.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    from.destroy(new Error('cat: Input/output error'));
    await vi.advanceTimersByTimeAsync(0);
    stops[0]?.answer('@@opsdeck-stopped\n');
    await vi.advanceTimersByTimeAsync(CLOSE_AFTER_STOP_MS - 1);
    expect(await settled(fed)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const err: unknown = await fed.catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringContaining('Input/output error'),
    });
  });
});
