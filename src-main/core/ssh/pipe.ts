import { OpsdeckError } from '../../contract/errors';
import { formatBytes } from '../../contract/format';
import type { Host } from '../../contract';
import type { Lease } from './ssh-pool';
import { startRemote, type RemoteProcess, type SideResult } from './remote-process';
import { stopProcess, type StopDeps } from './remote-stop';

export { supervised, type SideResult } from './remote-process';

/**
 * `from$ command | to$ command` through Opsdeck: the source's stdout is piped into the sink's
 * stdin over the two pooled SSH connections, with backpressure and no temporary file anywhere.
 * Used where the hosts have no SSH trust between them (seeding a replica from its master).
 */
export interface PipeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Written to the sink before the source's bytes (e.g. `SET SESSION sql_log_bin=0;`). */
  prefix?: string;
  /**
   * Written to the sink when the source fails or the pipe is cancelled, before its stdin is
   * closed, so a half-fed consumer fails instead of taking a truncated stream as complete.
   */
  abortTrailer?: string;
  /** Lines of the source output starting with `--`, `/*` or `SET @@` (a dump's coordinates). */
  onLine?: (line: string) => void;
  onProgress?: (bytes: number) => void;
}

export interface PipeResult {
  bytes: number;
  durationMs: number;
  source: SideResult;
  sink: SideResult;
}

/**
 * One host's command output streamed into another's command, as the core wires it (the pool and
 * `pipeBetween` in production, a fake in tests): what workflows and MySQL seeding are given.
 */
export type RemotePipe = (
  from: Host,
  command: string,
  to: Host,
  into: string,
  options: PipeOptions,
) => Promise<PipeResult>;

/** `exec` runs a short command (used to stop the remote processes on failure or cancel). */
export interface PipeDeps extends StopDeps {
  acquire(host: Host, signal?: AbortSignal): Promise<Lease>;
}

export async function pipeBetween(
  deps: PipeDeps,
  from: Host,
  fromCommand: string,
  to: Host,
  toCommand: string,
  options: PipeOptions = {},
): Promise<PipeResult> {
  const started = performance.now();
  const sinkLease = await deps.acquire(to, options.signal);
  let sourceLease: Lease | undefined;
  try {
    sourceLease = await deps.acquire(from, options.signal);
    const sink = await startRemote(sinkLease, toCommand, to, 'sink');
    let source: RemoteProcess;
    try {
      source = await startRemote(sourceLease, fromCommand, from, 'source');
    } catch (err) {
      sink.channel.end(options.abortTrailer ?? '');
      sink.channel.close();
      throw err;
    }
    return await run(deps, { from, to, source, sink, options, started });
  } finally {
    sourceLease?.release();
    sinkLease.release();
  }
}

async function run(
  deps: PipeDeps,
  p: {
    from: Host;
    to: Host;
    source: RemoteProcess;
    sink: RemoteProcess;
    options: PipeOptions;
    started: number;
  },
): Promise<PipeResult> {
  const { source, sink, options } = p;
  let bytes = 0;
  let failure: OpsdeckError | undefined;
  const scanner = lineScanner(options.onLine);
  let lastProgress = 0;

  if (options.prefix) sink.channel.write(options.prefix);
  source.channel.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    scanner(chunk);
    if (options.onProgress && bytes - lastProgress >= 8 * 1024 * 1024) {
      lastProgress = bytes;
      options.onProgress(bytes);
    }
    if (!sink.channel.write(chunk)) {
      source.channel.pause();
      sink.channel.once('drain', () => source.channel.resume());
    }
  });

  const stop = async (why: OpsdeckError) => {
    if (failure) return;
    failure = why;
    // Whether each side already exited is looked at before its channel is closed (and a side
    // that has not reported its ids yet gets a moment to: a closed channel never brings them).
    const stops = [
      stopProcess(deps, p.from, source, undefined, () => source.channel.close()),
      stopProcess(deps, p.to, sink),
    ];
    sink.channel.end(options.abortTrailer ?? '');
    await Promise.allSettled(stops);
  };
  const onAbort = () =>
    void stop(
      new OpsdeckError(
        'CANCELLED',
        `The transfer ${p.from.name} → ${p.to.name} was cancelled after ${formatBytes(bytes)}.`,
        'Resume the run to start the transfer again.',
      ),
    );
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs &&
    setTimeout(
      () =>
        void stop(
          new OpsdeckError(
            'TIMEOUT',
            `The transfer ${p.from.name} → ${p.to.name} did not finish within ${Math.round(options.timeoutMs! / 1000)} s.`,
            'Allow more time, or check both hosts for a stuck process.',
          ),
        ),
      options.timeoutMs,
    );

  // The sink giving up early (e.g. an SQL error) makes the source pointless: stop it — unless the
  // source had exited already (every successful pipe): its ids may be anything's by now.
  void sink.exit.then(() => {
    if (!failure && !source.exited()) {
      void stopProcess(deps, p.from, source, undefined, () => source.channel.close());
    }
  });
  const sourceResult = await source.exit;
  if (!failure) {
    if (sourceResult.code === 0) sink.channel.end();
    else {
      sink.channel.end(options.abortTrailer ?? '');
    }
  }
  const sinkResult = await sink.exit;
  clearTimeout(timer || undefined);
  options.signal?.removeEventListener('abort', onAbort);
  if (failure) throw failure;
  return {
    bytes,
    durationMs: Math.round(performance.now() - p.started),
    source: sourceResult,
    sink: sinkResult,
  };
}

/** Calls `onLine` for short lines that start like SQL comments or SET @@ (cheap on big streams). */
export function lineScanner(onLine: ((line: string) => void) | undefined): (chunk: Buffer) => void {
  if (!onLine) return () => undefined;
  let carry: Buffer | undefined;
  /** The previous chunk ended inside a line we do not care about: skip to its end. */
  let skipping = false;
  const MAX = 4096;
  const interesting = (b: number | undefined) => b === 0x2d || b === 0x2f || b === 0x53; // - / S
  return (chunk) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    if (skipping) {
      const nl = buf.indexOf(10);
      if (nl === -1) return;
      start = nl + 1;
      skipping = false;
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      if (nl - start < MAX && interesting(buf[start])) {
        const line = buf.toString('utf8', start, nl);
        if (line.startsWith('--') || line.startsWith('/*') || line.startsWith('SET @@'))
          onLine(line);
      }
      start = nl + 1;
    }
    if (start < buf.length) {
      if (buf.length - start < MAX && interesting(buf[start]))
        carry = Buffer.from(buf.subarray(start));
      else skipping = true;
    }
  };
}
