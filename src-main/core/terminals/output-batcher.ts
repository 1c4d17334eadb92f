import { StringDecoder } from 'node:string_decoder';

export interface BatcherOptions {
  /** Longest a chunk waits for company (default 5 ms; a terminal uses one frame, 16 ms). */
  maxDelayMs?: number;
  /** Flush as soon as this much is waiting (default 64 Ki): bytes of Buffer parts, characters of strings. */
  maxChars?: number;
  /**
   * Emit the first chunk after a quiet `maxDelayMs` at once, batching only what follows within
   * that window (default false). A terminal's keystroke echo then costs no delay, while a
   * streaming `cat` still yields at most one event per window.
   */
  immediateWhenIdle?: boolean;
  /**
   * With `immediateWhenIdle`: the window that follows an at-once emit (default 5 ms). An echo or
   * a redraw that comes in several packets (vim, zsh highlighting, the prompt after a short
   * command) then completes within it instead of waiting a whole `maxDelayMs`; only while output
   * keeps coming (the short window also flushed) is the window `maxDelayMs`.
   */
  afterIdleMs?: number;
}

/**
 * Coalesces a byte stream into UTF-8 text batches: a flush happens after `maxDelayMs` or once
 * `maxChars` are waiting, so a huge `cat` yields ~64 KB events instead of one per SSH packet.
 * Multi-byte characters split across packets are kept whole. With `immediateWhenIdle` it is a
 * leading-edge throttle: output after a quiet window goes at once, then at most once a window.
 */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  /** What waits, as it came: packets are decoded once per batch, not one string each. */
  private parts: (Buffer | string)[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDelayMs: number;
  private readonly maxChars: number;
  private readonly immediateWhenIdle: boolean;
  private readonly afterIdleMs: number;
  /** When the last batch went out (performance.now(); -Infinity: never, so idle). */
  private lastEmit = -Infinity;
  /** The last batch went out at once after a quiet window: what follows gets `afterIdleMs`. */
  private lastWasIdle = false;

  constructor(
    private readonly emit: (text: string) => void,
    options: BatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.maxChars = options.maxChars ?? 64 * 1024;
    this.immediateWhenIdle = options.immediateWhenIdle ?? false;
    this.afterIdleMs = Math.min(options.afterIdleMs ?? 5, this.maxDelayMs);
  }

  push(data: Buffer | string): void {
    if (!data.length) return;
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.maxChars) return this.flush();
    if (this.timer) return;
    let wait = this.maxDelayMs;
    if (this.immediateWhenIdle) {
      // Idle (nothing went out in the last window): at once; else at the window's end — a
      // short window right after an at-once emit, a whole one while output keeps coming.
      const since = performance.now() - this.lastEmit;
      if (!(since < this.maxDelayMs)) return this.emitWaiting(true);
      const window = this.lastWasIdle ? this.afterIdleMs : this.maxDelayMs;
      wait = Math.max(0, window - Math.max(0, since));
    }
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Emit what is waiting now. */
  flush(): void {
    this.emitWaiting(false);
  }

  /** `idle`: at once after a quiet window (what follows then gets `afterIdleMs`). */
  private emitWaiting(idle: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.size) return;
    const text = this.text();
    this.parts = [];
    this.size = 0;
    if (!text) return; // only the first bytes of a character so far: they wait for the rest
    this.lastEmit = performance.now();
    this.lastWasIdle = idle;
    this.emit(text);
  }

  /**
   * The waiting parts as one string: each run of packets is joined as bytes and decoded once (a
   * frame of `cat` is one string, not one per SSH packet joined again, which is garbage to
   * collect at megabytes per second).
   */
  private text(): string {
    let text = '';
    let run: Buffer[] = [];
    let runBytes = 0;
    const decodeRun = () => {
      if (!run.length) return;
      text += this.decoder.write(
        run.length === 1 ? (run[0] as Buffer) : Buffer.concat(run, runBytes),
      );
      run = [];
      runBytes = 0;
    };
    for (const part of this.parts) {
      if (typeof part === 'string') {
        decodeRun();
        text += part;
      } else {
        run.push(part);
        runBytes += part.length;
      }
    }
    decodeRun();
    return text;
  }

  /**
   * Flush including an incomplete trailing character (stream ended): that rest, if any, is
   * emitted as an event of its own after the flush.
   */
  end(): void {
    this.flush();
    const rest = this.decoder.end();
    if (rest) this.emit(rest);
  }

  /** Drop whatever is waiting (the consumer is gone). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.size = 0;
  }
}
