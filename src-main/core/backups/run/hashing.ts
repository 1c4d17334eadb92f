import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * How much a backup stream buffers between the SSH channel and the store: 32 KiB SSH packets are
 * gathered into few large writes, and the channel is paused only when this much is waiting (the
 * 16 KiB default paused and resumed it at nearly every packet — a wake-up per packet that costs
 * CPU on a busy host and stalls the remote pipeline behind it).
 */
export const STREAM_BUFFER = 1024 * 1024;

/** Passes bytes through, counting them and computing their sha256 as they go. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor() {
    super({ highWaterMark: STREAM_BUFFER });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
