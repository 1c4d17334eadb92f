import { PassThrough } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Host } from '../../contract';
import { FakeChannel, idsLine } from '../../../testing/core/fake-ssh-channel';
import { StoppedError } from './remote-stop';
import {
  CLOSE_AFTER_STOP_MS,
  STOP_WAIT_MS,
  streamIn,
  streamOut,
  TRAILER_WAIT_MS,
  type StreamDeps,
} from './stream';

/**
 * A failed stream settles only after its remote command was stopped (what follows — a backup's
 * unlock — must not run while the tool still runs), or after STOP_WAIT_MS when the stop never
 * answers; its error says which. Fake SSH: a channel that runs until destroyed, and a stop exec
 * the test resolves (or never does).
 */
const host = { name: 'db1', user: 'admin', profile: { sudo: false } } as unknown as Host;

/** A channel the host never closes, whatever Opsdeck sends (a command deaf to its input's end). */
class StuckChannel extends FakeChannel {
  override destroy() {
    this.destroyed = true;
    return this;
  }
}

/**
 * A channel whose input's end (an abort trailer) waits for window space until the test calls
 * `flush()`; it counts how often it was closed.
 */
class SlowInputChannel extends FakeChannel {
  writableEnded = false;
  writableFinished = false;
  closes = 0;
  override end() {
    this.writableEnded = true;
    return this;
  }
  flush() {
    this.writableFinished = true;
    this.emit('finish');
  }
  override destroy() {
    this.closes++;
    return super.destroy();
  }
}

/**
 * `start: 'later'`: the channel opens when the test calls `open()` (a cancel while it is being
 * started); `ids: 'later'`: the supervisor's ids line comes when the test calls `sendIds()`;
 * `channel`: another fake (a stuck one).
 */
function fakeSsh(
  o: { start?: 'now' | 'later'; ids?: 'now' | 'later'; channel?: FakeChannel } = {},
) {
  const channel = o.channel ?? new FakeChannel();
  const stops: {
    command: string;
    signal: AbortSignal | undefined;
    answer: (stdout: string, stderr?: string, code?: number | null) => void;
  }[] = [];
  let idsSent = false;
  const sendIds = () => {
    idsSent = true;
    channel.stderr.emit('data', idsLine());
  };
  let open: () => void = () => undefined;
  const client = {
    exec: (_command: string, cb: (err: Error | undefined, ch: ClientChannel) => void) => {
      open = () => {
        cb(undefined, channel as unknown as ClientChannel);
        // The supervisor reports its ids first.
        if (o.ids !== 'later') queueMicrotask(sendIds);
      };
      if (o.start !== 'later') open();
    },
  } as unknown as Client;
  const deps: StreamDeps = {
    acquire: () => Promise.resolve({ client, release: () => undefined }),
    exec: (_h, command, options) =>
      new Promise((resolve) =>
        stops.push({
          command,
          signal: options?.signal,
          answer: (stdout, stderr = '', code = 0) => resolve({ stdout, stderr, code }),
        }),
      ),
  };
  return { deps, stops, channel, sendIds, open: () => open(), idsSeen: () => idsSent };
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
    const { deps, stops, idsSeen } = fakeSsh();
    const abort = new AbortController();
    const out = streamOut(deps, host, 'sleep 300 | cat', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await vi.waitFor(() => expect(idsSeen()).toBe(true));
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
    const { deps, stops, idsSeen } = fakeSsh();
    const abort = new AbortController();
    const out = streamOut(deps, host, 'mariadb-dump | zstd', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await vi.waitFor(() => expect(idsSeen()).toBe(true));
    abort.abort();
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    stops[0]?.answer('@@opsdeck-stopped\n 4712 mariadb-dump\n');
    await expect(out).rejects.toMatchObject({
      message: expect.stringMatching(/still running after KILL: 4712 mariadb-dump/),
    });
  });

  it('a cancel before the ids line arrives waits for it, then stops that command', async () => {
    const { deps, stops, channel, sendIds } = fakeSsh({ ids: 'later' });
    const abort = new AbortController();
    const out = streamOut(deps, host, 'mariadb-dump | zstd', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    await vi.waitFor(() => expect(channel.listenerCount('data')).toBeGreaterThan(0));
    abort.abort();
    // Not "it had not reported its process id yet": the channel stays open for the ids.
    await Promise.resolve();
    expect(stops).toHaveLength(0);
    expect(channel.destroyed).toBe(false);
    sendIds();
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    expect(stops[0]?.command).toContain('4710');
    expect(channel.destroyed).toBe(true);
    stops[0]?.answer('@@opsdeck-stopped\n');
    await expect(out).rejects.toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(/Its command on db1 was stopped\./),
    });
  });

  it('a cancel while the command is being started stops it once started (never runs to its end)', async () => {
    const { deps, stops, channel, open } = fakeSsh({ start: 'later' });
    const abort = new AbortController();
    const out = streamOut(deps, host, 'mariadb-dump | zstd', new PassThrough(), {
      signal: abort.signal,
    });
    out.catch(() => undefined);
    abort.abort();
    await Promise.resolve();
    open();
    // The channel is closed and the command stopped, not left to dump until its end.
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    expect(channel.destroyed).toBe(true);
    stops[0]?.answer('@@opsdeck-stopped\n');
    await expect(out).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('a failed input whose channel never closes settles once the stop answered and CLOSE_AFTER_STOP_MS passed', async () => {
    vi.useFakeTimers();
    const { deps, stops } = fakeSsh({ channel: new StuckChannel() });
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

  it('a failed input is stopped at once, but its channel closes once, only after the abort trailer was sent', async () => {
    const channel = new SlowInputChannel();
    const { deps, stops, idsSeen } = fakeSsh({ channel });
    const from = new PassThrough();
    const fed = streamIn(deps, host, 'mariadb', from, { abortTrailer: 'SIGNAL' });
    fed.catch(() => undefined);
    await vi.waitFor(() => expect(idsSeen()).toBe(true));
    from.destroy(new Error('cat: Input/output error'));
    // The stop goes out while the trailer is still queued; the channel stays open for it.
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    expect(stops[0]?.command).toContain('4710');
    expect(await settled(fed)).toBe(false);
    expect(channel.closes).toBe(0);
    channel.flush();
    await vi.waitFor(() => expect(channel.closes).toBe(1));
    stops[0]?.answer('@@opsdeck-stopped\n');
    await expect(fed).rejects.toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringMatching(/Input\/output error.*Its command on db1 was stopped\./s),
    });
    expect(channel.closes).toBe(1);
  });

  it('an input that failed before the command had started (its error already emitted) still gets the trailer and stops the command, never leaving it waiting on stdin', async () => {
    const channel = new SlowInputChannel();
    const { deps, stops } = fakeSsh({ channel });
    const from = new PassThrough();
    from.on('error', () => undefined); // the pipe that fed it heard the error
    from.destroy(new Error('cat: Input/output error'));
    await new Promise((r) => setImmediate(r));
    const fed = streamIn(deps, host, 'mariadb', from, { abortTrailer: 'SIGNAL' });
    fed.catch(() => undefined);
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    channel.flush();
    stops[0]?.answer('@@opsdeck-stopped\n');
    await expect(fed).rejects.toMatchObject({
      code: 'BACKUP_DESTINATION_UNAVAILABLE',
      message: expect.stringContaining('Input/output error'),
    });
  });

  it('an abort trailer that is never sent holds the channel open for TRAILER_WAIT_MS, then it closes once', async () => {
    vi.useFakeTimers();
    const channel = new SlowInputChannel();
    const { deps, stops } = fakeSsh({ channel });
    const from = new PassThrough();
    const fed = streamIn(deps, host, 'mariadb', from, { abortTrailer: 'SIGNAL' });
    fed.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    from.destroy(new Error('cat: Input/output error'));
    await vi.advanceTimersByTimeAsync(0);
    expect(stops).toHaveLength(1);
    stops[0]?.answer('@@opsdeck-stopped\n');
    await vi.advanceTimersByTimeAsync(TRAILER_WAIT_MS - 1);
    expect(channel.closes).toBe(0);
    expect(await settled(fed)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(channel.closes).toBe(1);
    await expect(fed).rejects.toMatchObject({ code: 'BACKUP_DESTINATION_UNAVAILABLE' });
    expect(channel.closes).toBe(1);
  });
});
