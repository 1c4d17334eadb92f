/**
 * Terminal output that arrives for a terminal this window has no xterm for (yet, or any more).
 * Output comes on the stream port straight from the core while `terminals.open`'s reply and
 * `terminal.state` come through main, so the two are not ordered with each other:
 * - before `terminals.open` answers, output is held (bounded) and written once the xterm exists;
 * - after the window closed a terminal, late output on the port is dropped, never held.
 */
export interface EarlyOutput<E extends { terminalId: string }> {
  /** Hold `event` until its terminal's xterm exists (dropped if that terminal was closed). */
  hold(event: E): void;
  /** The held events of a terminal whose xterm now exists (in order); forgets them. */
  take(terminalId: string): E[];
  /** The window closed this terminal: drop what is held and whatever still arrives for it. */
  closed(terminalId: string): void;
}

export function earlyOutput<E extends { terminalId: string }>(
  limits = { events: 256, terminals: 32, closed: 1024 },
): EarlyOutput<E> {
  const held = new Map<string, E[]>();
  /** Closed terminals, oldest first (ids are never reused; bounded all the same). */
  const closedIds = new Set<string>();
  return {
    hold(event) {
      const id = event.terminalId;
      if (closedIds.has(id)) return;
      // Bounded: a terminal another window opened is never ours and must not grow this.
      const list = held.get(id) ?? [];
      if (list.length < limits.events) list.push(event);
      if (held.size < limits.terminals || held.has(id)) held.set(id, list);
    },
    take(terminalId) {
      const list = held.get(terminalId) ?? [];
      held.delete(terminalId);
      return list;
    },
    closed(terminalId) {
      held.delete(terminalId);
      closedIds.add(terminalId);
      if (closedIds.size > limits.closed) closedIds.delete(closedIds.values().next().value!);
    },
  };
}
