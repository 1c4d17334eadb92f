/** Pause the SSH stream while more than this is unacknowledged by the renderer. */
export const HIGH_WATER = 1024 * 1024;
/** Resume once the renderer has caught up below this. */
export const LOW_WATER = 256 * 1024;

/**
 * Terminal flow control (pure). The core counts what it sent, the renderer acks what it drew; when
 * the difference passes the high-water mark the SSH channel is paused (ssh2 then stops granting
 * window, so the remote `cat` blocks instead of the UI drowning), and it resumes below low water.
 */
export class FlowControl {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly high = HIGH_WATER,
    private readonly low = LOW_WATER,
  ) {}

  /** Count output sent to the renderer; true when the stream must be paused now. */
  sent(amount: number): boolean {
    this.unacked += amount;
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      return true;
    }
    return false;
  }

  /** Count output the renderer has processed; true when the stream may resume now. */
  ack(amount: number): boolean {
    this.unacked = Math.max(0, this.unacked - amount);
    if (this.paused && this.unacked < this.low) {
      this.paused = false;
      return true;
    }
    return false;
  }

  /** Start over (after a reconnect nothing is outstanding). Returns whether it was paused. */
  reset(): boolean {
    const was = this.paused;
    this.unacked = 0;
    this.paused = false;
    return was;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get outstanding(): number {
    return this.unacked;
  }
}
