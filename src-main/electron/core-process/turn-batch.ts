/**
 * Messages of one event-loop turn, sent as one: terminal output and its acks come in storms,
 * and each port message costs the receiving process a wake-up and a deserialisation. Order is
 * kept; the first item of a turn schedules the flush.
 */
export function turnBatch<T>(flush: (items: T[]) => void): (item: T) => void {
  let items: T[] = [];
  return (item) => {
    if (items.push(item) > 1) return;
    setImmediate(() => {
      const batch = items;
      items = [];
      flush(batch);
    });
  };
}
