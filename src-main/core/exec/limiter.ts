/**
 * Run `task` for every item with at most `limit` running at once, in order of the items. Items
 * not started when `signal` aborts are skipped (`onSkipped`); started ones finish on their own
 * (they receive the signal through their own wiring).
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  options: { signal?: AbortSignal; onSkipped?: (item: T, index: number) => void } = {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      if (options.signal?.aborted) {
        options.onSkipped?.(item, index);
        continue;
      }
      await task(item, index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
