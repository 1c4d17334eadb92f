/**
 * Acks of drawn terminal output, coalesced: `terminals.ack` is cumulative ("drawn up to seq"), so
 * of all the acks one terminal makes in a turn only the newest needs sending. xterm.js calls its
 * write callbacks in order, several in one task when it parses a backlog; the acks of that task
 * go out once it ends, one per terminal. (Per turn, not per animation frame: a hidden window gets
 * no animation frames at all. Chromium still throttles a hidden page's timers, which xterm.js
 * parses on, so a minimised window acks slowly — see docs/ssh.md, "Flow control".)
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
    // A send that throws must not drop the other terminals' acks (a quiet terminal gets no later
    // ack to cover it): all are sent, then the first error is rethrown.
    let failure: { error: unknown } | undefined;
    for (const [terminalId, seq] of acks) {
      try {
        send(terminalId, seq);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  };
  return {
    ack(terminalId, seq) {
      // The newest, which is also the largest: a terminal's seq only rises, across reconnects too.
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
