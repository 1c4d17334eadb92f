import { StringDecoder } from 'node:string_decoder';

export interface BatcherOptions {
  /** Longest a chunk waits for company (default 5 ms; a terminal uses one frame, 16 ms). */
  maxDelayMs?: number;
  /** Flush as soon as this many characters are waiting (default 64 Ki). */
  maxChars?: number;
  /**
   * Emit the first chunk after a quiet `maxDelayMs` at once, batching only what follows within
   * that window (default false). A terminal's keystroke echo then costs no delay, while a
   * streaming `cat` still yields at most one event per window.
   */
  immediateWhenIdle?: boolean;
}

/**
 * Coalesces a byte stream into UTF-8 text batches: a flush happens after `maxDelayMs` or once
 * `maxChars` are waiting, so a huge `cat` yields ~64 KB events instead of one per SSH packet.
 * Multi-byte characters split across packets are kept whole. With `immediateWhenIdle` it is a
 * leading-edge throttle: output after a quiet window goes at once, then at most once a window.
 */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDelayMs: number;
  private readonly maxChars: number;
  private readonly immediateWhenIdle: boolean;
  /** When the last batch went out (performance.now(); -Infinity: never, so idle). */
  private lastEmit = -Infinity;

  constructor(
    private readonly emit: (text: string) => void,
    options: BatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.maxChars = options.maxChars ?? 64 * 1024;
    this.immediateWhenIdle = options.immediateWhenIdle ?? false;
  }

  push(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.maxChars) return this.flush();
    if (this.timer) return;
    let wait = this.maxDelayMs;
    if (this.immediateWhenIdle) {
      // Idle (nothing went out in the last window): at once; else at the window's end.
      const since = performance.now() - this.lastEmit;
      if (!(since < this.maxDelayMs)) return this.flush();
      wait = this.maxDelayMs - Math.max(0, since);
    }
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Emit what is waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.size) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.lastEmit = performance.now();
    this.emit(text);
  }

  /** Flush including an incomplete trailing character (stream ended). */
  end(): void {
    const rest = this.decoder.end();
    if (rest) {
      this.parts.push(rest);
      this.size += rest.length;
    }
    this.flush();
  }

  /** Drop whatever is waiting (the consumer is gone). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.size = 0;
  }
}
