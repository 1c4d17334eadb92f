import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HashingStream } from './hashing';

/** A sink that records each write it receives. */
function recorder() {
  const writes: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      writes.push(chunk);
      done();
    },
  });
  return { sink, writes };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('HashingStream', () => {
  it('passes every chunk on as it comes, counting and hashing the bytes', async () => {
    const chunks = [randomBytes(100), randomBytes(5000), randomBytes(1)];
    const hasher = new HashingStream();
    const { sink, writes } = recorder();
    const piped = pipeline(hasher, sink);
    hasher.write(chunks[0]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    for (const c of chunks.slice(1)) hasher.write(c);
    hasher.end();
    await piped;
    expect(Buffer.concat(writes)).toEqual(Buffer.concat(chunks));
    expect(hasher.bytes).toBe(5101);
    expect(hasher.digest()).toBe(sha256(Buffer.concat(chunks)));
  });

  it('with batchBytes, holds chunks until that many wait, then passes them on unchanged; the rest at the end', async () => {
    const chunks = Array.from({ length: 7 }, (_, i) => randomBytes(400 + i));
    const all = Buffer.concat(chunks);
    const hasher = new HashingStream({ batchBytes: 1000 });
    const { sink, writes } = recorder();
    const piped = pipeline(hasher, sink);
    const settle = () => new Promise((r) => setImmediate(r));
    hasher.write(chunks[0]);
    hasher.write(chunks[1]);
    await settle();
    // 801 bytes wait: nothing stored yet.
    expect(writes).toHaveLength(0);
    hasher.write(chunks[2]);
    await settle();
    // 1203 bytes: the three chunks go on as they were (no copy into one buffer).
    expect(writes).toEqual(chunks.slice(0, 3));
    for (const c of chunks.slice(3)) hasher.write(c);
    await settle();
    expect(writes).toHaveLength(6);
    hasher.end();
    await piped;
    expect(writes).toEqual(chunks);
    expect(hasher.bytes).toBe(all.length);
    expect(hasher.digest()).toBe(sha256(all));
  });

  it('with batchBytes, a stream destroyed with bytes waiting fails the pipeline and passes nothing more on', async () => {
    const hasher = new HashingStream({ batchBytes: 1 << 20 });
    const { sink, writes } = recorder();
    const piped = pipeline(hasher, sink);
    hasher.write(randomBytes(1000));
    hasher.destroy(new Error('cancelled'));
    await expect(piped).rejects.toThrow('cancelled');
    expect(writes).toHaveLength(0);
  });
});
