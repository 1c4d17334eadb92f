import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * How much a backup stream buffers between the SSH channel and the store: 32 KiB SSH packets are
 * gathered into few large writes, and the channel is paused only when this much is waiting (the
 * 16 KiB default paused and resumed it at nearly every packet — a wake-up per packet that costs
 * CPU on a busy host and stalls the remote pipeline behind it).
 */
export const STREAM_BUFFER = 1024 * 1024;

/**
 * Passes bytes through, counting them and computing their sha256 as they go.
 *
 * With `batchBytes`, the bytes are passed on only once at least that many are waiting (and the
 * rest at the end): the chunks still go one by one (no copy), but in one burst, so a file store
 * writes them with a few large writes instead of one thread-pool write per SSH packet.
 */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private readonly batchBytes: number;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  bytes = 0;

  constructor(options: { batchBytes?: number } = {}) {
    super({ highWaterMark: STREAM_BUFFER });
    this.batchBytes = options.batchBytes ?? 0;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.batchBytes <= 0) return done(null, chunk);
    this.waiting.push(chunk);
    this.waitingBytes += chunk.length;
    if (this.waitingBytes >= this.batchBytes) this.passOn();
    done();
  }

  override _flush(done: TransformCallback) {
    this.passOn();
    done();
  }

  private passOn() {
    const chunks = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    for (const chunk of chunks) this.push(chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
