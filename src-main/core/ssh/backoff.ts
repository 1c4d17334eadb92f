import type { ErrorShape } from '../../contract';

/** Delays before reconnect attempts: 0, 1, 2, 4, 8 s (five attempts, then give up). */
export function backoffDelays(attempts = 5, baseMs = 1000, maxMs = 15_000): number[] {
  return Array.from({ length: attempts }, (_, i) =>
    i === 0 ? 0 : Math.min(maxMs, baseMs * 2 ** (i - 1)),
  );
}

/** Errors worth retrying: the network or the server may come back. Auth and host keys will not. */
const TRANSIENT = new Set([
  'SSH_UNREACHABLE',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_DNS_FAILED',
  'SSH_CHANNEL_FAILED',
]);

export function isTransient(error: Pick<ErrorShape, 'code'>): boolean {
  return TRANSIENT.has(error.code);
}
