/**
 * Acks of drawn terminal output, coalesced: `terminals.ack` is cumulative ("drawn up to seq"), so
 * of all the acks one terminal makes in a turn only the newest needs sending. xterm.js calls its
 * write callbacks in order, several in one task when it parses a backlog; the acks of that task
 * go out once it ends, one per terminal. (Per turn, not per animation frame: a hidden window gets
 * no frames, and output must keep flowing while it is minimised.)
 */
export interface AckCoalescer {
  /** Output of `terminalId` is drawn up to `seq` (calls come in seq order per terminal). */
  ack(terminalId: string, seq: number): void;
  /** The terminal is gone: its pending ack is dropped. */
  forget(terminalId: string): void;
}

export function ackCoalescer(
  send: (terminalId: string, seq: number) => void,
  schedule: (run: () => void) => void = queueMicrotask,
): AckCoalescer {
  const pending = new Map<string, number>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const acks = [...pending];
    pending.clear();
    for (const [terminalId, seq] of acks) send(terminalId, seq);
  };
  return {
    ack(terminalId, seq) {
      // The newest, not the largest: after a reconnect a terminal's seq starts again at 0.
      pending.set(terminalId, seq);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    forget(terminalId) {
      pending.delete(terminalId);
    },
  };
}
