/** Pause the SSH stream while more than this is unacknowledged by the renderer. */
export const HIGH_WATER = 1024 * 1024;
/** Resume once the renderer has caught up below this. */
export const LOW_WATER = 256 * 1024;

/**
 * Terminal flow control (pure). The core counts what it sent, per `terminal.data` seq; the
 * renderer acks cumulatively ("drawn everything up to seq"); when what is sent but not drawn
 * passes the high-water mark the SSH channel is paused (ssh2 then stops granting window, so the
 * remote `cat` blocks instead of the UI drowning), and it resumes below low water.
 *
 * Cumulative acks make losses harmless: a lost ack is covered by the next one, a repeated or
 * late one changes nothing, and output lost on its way (a port replaced, a reload) is covered by
 * the first ack of a later seq — a terminal cannot stay paused because something went missing.
 */
export class FlowControl {
  private sentTotal = 0;
  private ackedTotal = 0;
  /** Seq of `totals[0]`: the oldest output not acked yet. */
  private base = 0;
  /** `sentTotal` just after each unacked seq, oldest first. */
  private totals: number[] = [];
  private paused = false;

  constructor(
    private readonly high = HIGH_WATER,
    private readonly low = LOW_WATER,
  ) {}

  /** Count output `seq` (seqs go up by one) sent to the renderer; true when it must pause now. */
  sent(seq: number, amount: number): boolean {
    if (!this.totals.length) this.base = seq;
    this.sentTotal += amount;
    this.totals.push(this.sentTotal);
    if (!this.paused && this.outstanding > this.high) {
      this.paused = true;
      return true;
    }
    return false;
  }

  /**
   * The renderer has drawn everything up to `seq`; true when the stream may resume now. An ack
   * of something already acked, or of a seq not sent (an earlier connection's), changes nothing.
   */
  ack(seq: number): boolean {
    const index = seq - this.base;
    if (index < 0 || index >= this.totals.length) return false;
    this.ackedTotal = this.totals[index]!;
    this.totals.splice(0, index + 1);
    this.base = seq + 1;
    if (this.paused && this.outstanding < this.low) {
      this.paused = false;
      return true;
    }
    return false;
  }

  /**
   * Start over (after a reconnect nothing is outstanding). Returns whether it was paused. The
   * session's seq keeps rising across reconnects; the next `sent` rebases, so an ack from the
   * old connection is below the base and ignored.
   */
  reset(): boolean {
    const was = this.paused;
    this.sentTotal = 0;
    this.ackedTotal = 0;
    this.totals = [];
    this.base = 0;
    this.paused = false;
    return was;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Characters sent and not acked. */
  get outstanding(): number {
    return this.sentTotal - this.ackedTotal;
  }
}
