import { StringDecoder } from 'node:string_decoder';

export interface BatcherOptions {
  /** Longest a chunk waits for company (default 5 ms). */
  maxDelayMs?: number;
  /** Flush as soon as this many characters are waiting (default 64 Ki). */
  maxChars?: number;
}

/**
 * Coalesces a byte stream into UTF-8 text batches: a flush happens after `maxDelayMs` or once
 * `maxChars` are waiting, so a huge `cat` yields ~64 KB events instead of one per SSH packet.
 * Multi-byte characters split across packets are kept whole.
 */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDelayMs: number;
  private readonly maxChars: number;

  constructor(
    private readonly emit: (text: string) => void,
    options: BatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.maxChars = options.maxChars ?? 64 * 1024;
  }

  push(data: Buffer | string): void {
    const text = typeof data === 'string' ? data : this.decoder.write(data);
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Emit what is waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.size) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
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
