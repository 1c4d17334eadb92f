import { createHash } from 'node:crypto';

/**
 * An EC2 idempotency ClientToken (1–64 ASCII characters) derived from what a workflow call is
 * for — the run id, the step and the item, and a generation when an earlier resource of that item
 * had to be given up — so it is the same on every retry and resume of that call, and different
 * for anything else. EC2 answers a repeated token with what the first call made instead of
 * making it again. Pure.
 */
export function clientTokenFor(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.map(String).join('\n')).digest('base64url');
  return `opsdeck-${digest.slice(0, 43)}`;
}
