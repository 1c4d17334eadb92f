import { randomUUID } from 'node:crypto';
import { OpsdeckError } from '../../src-main/contract';
import type { Vault } from '../../src-main/core/secrets/vault';

/** An in-memory Vault for tests: records what was stored. */
export function memoryVault(
  initial: Record<string, string> = {},
): Vault & { stored: Map<string, { value: string; label: string }> } {
  const stored = new Map<string, { value: string; label: string }>(
    Object.entries(initial).map(([ref, value]) => [ref, { value, label: 'initial' }]),
  );
  return {
    adapter: 'passphrase-file',
    stored,
    status: () => ({ unlocked: true, initialized: true }),
    unlock: async () => ({ created: false }),
    lock: () => {},
    put: async (value, label) => {
      const ref = `vault:${randomUUID()}`;
      stored.set(ref, { value, label });
      return ref;
    },
    get: async (ref) => {
      const entry = stored.get(ref);
      if (!entry) throw new OpsdeckError('SECRET_NOT_FOUND', `No secret ${ref}`, 'Set it again.');
      return entry.value;
    },
    delete: async (ref) => {
      stored.delete(ref);
    },
    has: (ref) => stored.has(ref),
  };
}
