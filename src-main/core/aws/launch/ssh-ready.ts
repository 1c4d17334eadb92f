import { connect } from 'node:net';
import { OpsdeckError } from '../../../contract';
import { cancelledError, throwIfAborted } from '../../common/cancel';
import { sleep } from '../../common/wait';

export interface SshReadyOptions {
  address: string;
  port?: number;
  /** Give up after this long (default 5 minutes: a fresh instance boots, then sshd starts). */
  timeoutMs?: number;
  /** Pause between attempts (default 3 s). */
  intervalMs?: number;
  /** One attempt's connect + banner timeout (default 5 s). */
  attemptMs?: number;
  signal?: AbortSignal;
}

export interface SshReady {
  address: string;
  port: number;
  /** The server's identification line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2`. */
  banner: string;
  attempts: number;
  elapsedMs: number;
}

/** One TCP connect that resolves with the first line sshd sends, or rejects. */
function readBanner(address: string, port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let buffer = '';
    const done = (err: Error | undefined, banner?: string) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(banner ?? '');
    };
    socket.setTimeout(timeoutMs, () => done(new Error('no answer')));
    socket.on('error', (err) => done(err));
    socket.on('close', () => done(new Error('closed before the SSH banner')));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const line = buffer.split(/\r?\n/).find((l) => l.startsWith('SSH-'));
      if (line) done(undefined, line.trim());
      else if (buffer.length > 8192) done(new Error('not an SSH server'));
    });
  });
}

/**
 * Wait until sshd answers on the instance: a TCP connect that reads the `SSH-…` identification
 * line (no login, no host key trust involved). Retries until `timeoutMs`; then TIMEOUT with the
 * last reason, so a closed security group and a slow boot read differently.
 */
export async function waitForSsh(o: SshReadyOptions): Promise<SshReady> {
  const port = o.port ?? 22;
  const timeoutMs = o.timeoutMs ?? 300_000;
  const started = Date.now();
  let attempts = 0;
  let last = '';
  const cancelled = () =>
    cancelledError(`Waiting for SSH on ${o.address}:${port}`, 'Start it again when ready.');
  for (;;) {
    throwIfAborted(o.signal, cancelled);
    attempts += 1;
    const left = timeoutMs - (Date.now() - started);
    try {
      const banner = await readBanner(
        o.address,
        port,
        Math.max(100, Math.min(o.attemptMs ?? 5000, left)),
      );
      return { address: o.address, port, banner, attempts, elapsedMs: Date.now() - started };
    } catch (err) {
      last = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
    if (Date.now() - started + (o.intervalMs ?? 3000) > timeoutMs) break;
    await sleep(o.intervalMs ?? 3000, o.signal, cancelled);
  }
  throw new OpsdeckError(
    'TIMEOUT',
    `SSH on ${o.address}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s (${attempts} attempts; last: ${last}).`,
    `Check that a security group lets port ${port} in from this machine and that the instance booted (opsdeck ec2 console <id>).`,
  );
}
