import type { Readable, Writable } from 'node:stream';
import { OpsdeckError, type Host } from '../../contract';
import { formatBytes } from '../../contract/format';
import { lineScanner } from './pipe';
import { startRemote, type RemoteProcess, type SideResult } from './remote-process';
import {
  STOP_WAIT_MS,
  stopProcess,
  StoppedError,
  type StopDeps,
  type StopOutcome,
} from './remote-stop';
import type { Lease } from './ssh-pool';

/**
 * A command's output streamed into a local Writable (a backup going to its destination), or a
 * local Readable streamed into a command's stdin (a stored backup fed into a restore), over the
 * host's pooled SSH connection with backpressure; the remote process is supervised so a cancel
 * or failure stops it.
 */
export interface StreamDeps extends StopDeps {
  acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
}

export interface StreamOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onStderr?: (text: string) => void;
  /** streamIn: the command's own output as it arrives. */
  onStdout?: (text: string) => void;
  /** Comment lines of the stream (`--…`, `/*…`, `SET @@…`): a dump's coordinates. */
  onLine?: (line: string) => void;
  onProgress?: (bytes: number) => void;
  /** streamIn: written first, and (trailer) when the input fails, before stdin is closed. */
  prefix?: string;
  abortTrailer?: string;
}

export interface StreamResult {
  bytes: number;
  durationMs: number;
  exit: SideResult;
}

const PROGRESS_EVERY = 8 * 1024 * 1024;

/** How long a failed stream waits for the remote stop to be confirmed (a dead host never answers). */
export { STOP_WAIT_MS };

/**
 * How long a failed stream waits for its channel to close once the stop was confirmed or given up
 * on: a channel the host never closes (a command that ignores its stdin's end, a connection gone
 * silent) must not hold the stream, and whatever waits on it, forever.
 */
export const CLOSE_AFTER_STOP_MS = 10_000;

/** How long an abort trailer gets to reach the command before its channel is closed. */
export const TRAILER_WAIT_MS = 5_000;

/** `p`'s value, or undefined (after `gaveUp()`) when it takes longer than `ms`. */
function within<T>(p: Promise<T>, ms: number, gaveUp: () => void): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<undefined>(
      (resolve) =>
        (timer = setTimeout(() => {
          gaveUp();
          resolve(undefined);
        }, ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Settles once `channel`'s input can be closed without losing its end: at once unless it was
 * ended with a trailer still waiting for window space; then once that was sent, the channel
 * closed by itself, or TRAILER_WAIT_MS passed. (ssh2's close sends EOF, then CLOSE, which drops
 * whatever is still queued.)
 */
function trailerSent(channel: RemoteProcess['channel']): Promise<void> {
  if (!channel.writableEnded || channel.writableFinished) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, TRAILER_WAIT_MS);
    channel.once('finish', done);
    channel.once('close', done);
    function done() {
      clearTimeout(timer);
      channel.off('finish', done);
      channel.off('close', done);
      resolve();
    }
  });
}

async function withProcess<T>(
  deps: StreamDeps,
  host: Host,
  command: string,
  role: 'source' | 'sink',
  options: StreamOptions,
  body: (
    proc: RemoteProcess,
    fail: (e: OpsdeckError) => void,
    failure: () => OpsdeckError | undefined,
    exitOf: (p: RemoteProcess) => Promise<SideResult>,
  ) => Promise<T>,
): Promise<T> {
  const lease = await deps.acquire(host, options.signal);
  let failure: OpsdeckError | undefined;
  let proc: RemoteProcess | undefined;
  // A failed stream settles only after the command was stopped, or the stop gave up (what
  // follows, e.g. a backup's unlock, must not run while the tool still runs); its error says which.
  // A stop given up on is aborted, so it never runs later (after a reconnect, a reboot).
  let stopping: Promise<StopOutcome> | undefined;
  let stopped: Promise<StopOutcome | undefined> | undefined;
  const giveUp = new AbortController();
  const stopSettled = () =>
    stopping
      ? (stopped ??= within(stopping, STOP_WAIT_MS, () => giveUp.abort()))
      : Promise.resolve(undefined);
  let markFailed: (e: OpsdeckError) => void = () => undefined;
  const failed = new Promise<OpsdeckError>((resolve) => (markFailed = resolve));
  /**
   * Stop the command (once its ids are known, IDS_WAIT_MS at most), and close its channel once —
   * when the stop no longer needs it open and an abort trailer had its chance to reach the
   * command (TRAILER_WAIT_MS at most, counted from here): a command the stop cannot reach (its
   * ids never reported) still reads the trailer and fails instead of taking a cut input as whole.
   */
  const halt = (p: RemoteProcess) => {
    const sent = trailerSent(p.channel);
    stopping = stopProcess(deps, host, p, giveUp.signal, () => {
      void sent.then(() => p.channel.destroy());
    });
  };
  const fail = (e: OpsdeckError) => {
    if (failure) return;
    failure = e;
    markFailed(e);
    // Still starting: halted as soon as it has started (below), never left to run to its end.
    if (proc) halt(proc);
  };
  /**
   * The command's exit; once the stream failed, waited for no longer than the stop takes plus
   * CLOSE_AFTER_STOP_MS — then the failure is thrown (its message says whether the command was
   * seen to stop): a channel the host never closes must not hold the stream forever.
   */
  const exitOf = (p: RemoteProcess): Promise<SideResult> =>
    Promise.race([
      p.exit,
      failed.then(async (e) => {
        await stopSettled();
        const exit = await within(p.exit, CLOSE_AFTER_STOP_MS, () => undefined);
        if (!exit) throw e;
        return exit;
      }),
    ]);
  const onAbort = () =>
    fail(
      new OpsdeckError(
        'CANCELLED',
        `The stream on ${host.name} was cancelled.`,
        'Run it again when ready.',
      ),
    );
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs &&
    setTimeout(
      () =>
        fail(
          new OpsdeckError(
            'TIMEOUT',
            `The stream on ${host.name} did not finish within ${Math.round(options.timeoutMs! / 1000)} s.`,
            `Allow more time, or look for a stuck process on ${host.name}.`,
          ),
        ),
      options.timeoutMs,
    );
  try {
    proc = await startRemote(lease, command, host, role, {
      ...(options.onStderr ? { onStderr: options.onStderr } : {}),
      ...(options.onStdout ? { onStdout: options.onStdout } : {}),
    });
    if (options.signal?.aborted) onAbort();
    // A failure while the command was starting (a cancel, the timeout): stop it now.
    if (failure && !stopping) halt(proc);
    return await body(proc, fail, () => failure, exitOf);
  } catch (err) {
    if (!failure || err !== failure) throw err;
    throw new StoppedError(failure, host, await stopSettled());
  } finally {
    clearTimeout(timer || undefined);
    options.signal?.removeEventListener('abort', onAbort);
    await stopSettled();
    lease.release();
  }
}

/** `host$ command > into`: the command's stdout written into a local stream. */
export function streamOut(
  deps: StreamDeps,
  host: Host,
  command: string,
  into: Writable,
  options: StreamOptions = {},
): Promise<StreamResult> {
  const started = performance.now();
  return withProcess(
    deps,
    host,
    command,
    'source',
    options,
    async (proc, fail, failure, exitOf) => {
      let bytes = 0;
      let last = 0;
      const scan = lineScanner(options.onLine);
      const intoFailed = (err: unknown) =>
        fail(
          new OpsdeckError(
            'BACKUP_DESTINATION_UNAVAILABLE',
            `Writing the stream from ${host.name} failed after ${formatBytes(bytes)}: ${err instanceof Error ? err.message : String(err)}.`,
            'See the destination’s error above.',
          ),
        );
      into.once('error', intoFailed);
      const intoClosed = () => {
        if (!into.writableFinished) intoFailed(new Error('the destination closed early'));
      };
      into.once('close', intoClosed);
      // The destination may have failed before the command started (a writer that died at once).
      if (into.destroyed) intoFailed(into.errored ?? new Error('the destination closed early'));
      proc.channel.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        scan(chunk);
        if (options.onProgress && bytes - last >= PROGRESS_EVERY) {
          last = bytes;
          options.onProgress(bytes);
        }
        if (into.destroyed)
          return intoFailed(into.errored ?? new Error('the destination closed early'));
        if (!into.write(chunk)) {
          proc.channel.pause();
          into.once('drain', () => proc.channel.resume());
        }
      });
      const exit = await exitOf(proc);
      into.off('error', intoFailed);
      into.off('close', intoClosed);
      const f = failure();
      if (f) throw f;
      return { bytes, durationMs: Math.round(performance.now() - started), exit };
    },
  );
}

/** `from > host$ command`: a local stream written into the command's stdin. */
export function streamIn(
  deps: StreamDeps,
  host: Host,
  command: string,
  from: Readable,
  options: StreamOptions = {},
): Promise<StreamResult> {
  const started = performance.now();
  return withProcess(deps, host, command, 'sink', options, async (proc, fail, failure, exitOf) => {
    let bytes = 0;
    let last = 0;
    let inputFailed = false;
    if (options.prefix) proc.channel.write(options.prefix);
    from.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (options.onProgress && bytes - last >= PROGRESS_EVERY) {
        last = bytes;
        options.onProgress(bytes);
      }
      if (!proc.channel.write(chunk)) {
        from.pause();
        proc.channel.once('drain', () => from.resume());
      }
    });
    let stoppedByCommand = false;
    const inputGone = (err: Error) => {
      if (inputFailed || stoppedByCommand) return;
      inputFailed = true;
      // The trailer goes before the channel's end; fail() stops the command and closes the
      // channel only once both were sent (or TRAILER_WAIT_MS passed), so a command the stop
      // cannot reach (its ids never reported) still reads the trailer and fails instead of
      // taking a cut input as whole.
      proc.channel.end(options.abortTrailer ?? '');
      fail(
        err instanceof OpsdeckError
          ? err
          : new OpsdeckError(
              'BACKUP_DESTINATION_UNAVAILABLE',
              `Reading the backup failed after ${formatBytes(bytes)}: ${err.message}.`,
              'Check the destination, then run again.',
            ),
      );
    };
    from.once('end', () => proc.channel.end());
    from.once('error', inputGone);
    // An input that failed (or was destroyed) while the command was still being started emitted
    // its error before anyone listened here: without this the command waited on its stdin for
    // ever (a backup host's `cat` failing at once, a restore's load then hung at "replace").
    const early = () => from.errored ?? new Error('the input stream closed before its end');
    from.once('close', () => {
      if (!from.readableEnded) inputGone(early());
    });
    if (from.destroyed && !from.readableEnded) inputGone(early());
    // The command giving up early (an SQL error, a corrupt stream) makes the input pointless.
    void proc.exit.then(() => {
      if (from.readableEnded) return;
      stoppedByCommand = true;
      from.destroy();
    });
    const exit = await exitOf(proc);
    const f = failure();
    if (f && (inputFailed || f.code === 'CANCELLED' || f.code === 'TIMEOUT')) throw f;
    return { bytes, durationMs: Math.round(performance.now() - started), exit };
  });
}
