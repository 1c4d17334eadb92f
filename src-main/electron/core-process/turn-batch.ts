/**
 * Messages of one event-loop turn, sent as one: terminal output and its acks come in storms,
 * and each port message costs the receiving process a wake-up and a deserialisation. Order is
 * kept; the first item of a turn schedules the flush.
 */
export interface TurnBatch<T> {
  (item: T): void;
  /** Send what this turn holds now (before closing the channel it goes to). */
  flush(): void;
}

export function turnBatch<T>(send: (items: T[]) => void): TurnBatch<T> {
  let items: T[] = [];
  const flush = () => {
    if (!items.length) return;
    const batch = items;
    items = [];
    send(batch);
  };
  const add = (item: T) => {
    if (items.push(item) > 1) return;
    setImmediate(flush);
  };
  return Object.assign(add, { flush });
}
