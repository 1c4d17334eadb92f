// @ts-check
/** Bounded parallelism: the machine has 2 cores and up to 20 hosts to set up. */
import { LabError } from './errors.mjs';

/**
 * Runs `task` for every item with at most `limit` running at once. Every item is attempted; if any
 * failed, throws one error carrying all their messages.
 * @template T
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<unknown>} task
 */
export async function forEachLimited(items, limit, task) {
  /** @type {unknown[]} */
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = /** @type {T} */ (items[next++]);
      await task(item).catch((err) => failures.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const messages = failures.map((err) => (err instanceof Error ? err.message : String(err)));
    throw new LabError(messages.join('\n'));
  }
}
