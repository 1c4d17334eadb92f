import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FrameReader, type Frame, type Hello } from '../../src-main/core/metrics/proc/frame';

/** The recorded collector output of a kernel (testing/samples/proc/<name>.txt), split into frames. */
export function procSample(name: string): { hello: Hello | null; frames: Frame[]; text: string } {
  const text = readFileSync(resolve(import.meta.dirname, 'proc', `${name}.txt`), 'utf8');
  const frames: Frame[] = [];
  let hello: Hello | null = null;
  const reader = new FrameReader(
    (f) => frames.push(f),
    (h) => (hello = h),
  );
  reader.push(text);
  return { hello, frames, text };
}
