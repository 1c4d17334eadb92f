import type { ExecEvent, ExecHostResult, Host } from '../../contract';
import type { SshPool } from '../ssh';
import { OutputBatcher } from '../terminals/output-batcher';
import { wrapForKill } from './kill-wrapper';
import { StreamRedactor, redactWhole } from './stream-redactor';
import { exitError, statusOfError } from './summary';

/** Output kept per stream and host in the history (the live events carry everything). */
export const KEEP_CHARS = 64 * 1024;
/** Beyond this per stream the command is stopped (nobody reads 16 MiB per host in a table). */
const MAX_STREAM_BYTES = 16 * 1024 * 1024;

export interface HostRunDeps {
  pool: Pick<SshPool, 'exec'>;
  emit: (event: ExecEvent) => void;
  /**
   * Masks secrets in everything that leaves the run: the live output (line by line, see
   * StreamRedactor), what history keeps, error messages.
   */
  redact: (text: string) => string;
}

export interface HostRun {
  execId: string;
  host: Host;
  command: string;
  timeoutSec: number;
  /** Aborted when the whole run is cancelled. */
  cancel: AbortSignal;
}

/**
 * One host of a cluster exec: connect (pooled), run the wrapped command, stream its output as
 * events, and classify the outcome. Never throws: every failure becomes a status with a message.
 * The per-host timeout covers connecting and running.
 */
export async function runOnHost(deps: HostRunDeps, run: HostRun): Promise<ExecHostResult> {
  const { host, execId } = run;
  const ref = { hostId: host.id, hostName: host.name };
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, run.timeoutSec * 1000);
  const onCancel = () => controller.abort();
  run.cancel.addEventListener('abort', onCancel, { once: true });
  if (run.cancel.aborted) controller.abort();

  const captured = { stdout: new Capped(KEEP_CHARS), stderr: new Capped(KEEP_CHARS) };
  const live = (stream: 'stdout' | 'stderr') => {
    const batcher = new OutputBatcher(
      (data) => deps.emit({ type: 'output', execId, ...ref, stream, data }),
      { maxDelayMs: 20, maxChars: 16 * 1024 },
    );
    const redactor = new StreamRedactor(deps.redact);
    return {
      push: (chunk: string) => batcher.push(redactor.push(chunk)),
      end: () => {
        batcher.push(redactor.end());
        batcher.end();
      },
    };
  };
  const out = live('stdout');
  const err = live('stderr');
  const base = () => ({
    ...ref,
    durationMs: Math.round(performance.now() - started),
    stdout: redactWhole(captured.stdout.text(), deps.redact),
    stderr: redactWhole(captured.stderr.text(), deps.redact),
    truncated: captured.stdout.truncated || captured.stderr.truncated,
  });

  try {
    const result = await deps.pool.exec(host, wrapForKill(run.command), {
      signal: controller.signal,
      holdStdin: true,
      maxBuffer: MAX_STREAM_BYTES,
      hostName: host.name,
      onStdout: (chunk) => {
        captured.stdout.push(chunk);
        out.push(chunk);
      },
      onStderr: (chunk) => {
        captured.stderr.push(chunk);
        err.push(chunk);
      },
    });
    out.end();
    err.end();
    const error = exitError(host.name, result.code, result.signal, result.stderr);
    return {
      ...base(),
      status: result.code === 0 ? 'ok' : 'failed',
      exitCode: result.code,
      ...(result.signal ? { signal: result.signal } : {}),
      ...(error ? { error: { ...error, message: deps.redact(error.message) } } : {}),
    };
  } catch (e) {
    out.end();
    err.end();
    const { status, error } = statusOfError(e, { timedOut, cancelled: run.cancel.aborted });
    const message =
      status === 'timeout'
        ? `No result from ${host.name} within ${run.timeoutSec}s (connecting or running); Opsdeck stopped waiting and killed the command if it had started.`
        : deps.redact(error.message);
    const hint =
      status === 'timeout'
        ? 'Check the host responds (hosts.testConnection), or allow more time with a larger timeout.'
        : error.hint;
    return {
      ...base(),
      status,
      exitCode: null,
      error: { code: status === 'timeout' ? 'TIMEOUT' : error.code, message, hint },
    };
  } finally {
    clearTimeout(timer);
    run.cancel.removeEventListener('abort', onCancel);
  }
}

/** Keeps the first `max` characters of a stream and remembers whether more came. */
class Capped {
  private parts: string[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  push(chunk: string): void {
    if (this.size >= this.max) {
      this.truncated = true;
      return;
    }
    const room = this.max - this.size;
    const part = chunk.length > room ? chunk.slice(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.parts.push(part);
    this.size += part.length;
  }

  text(): string {
    return this.parts.join('');
  }
}
