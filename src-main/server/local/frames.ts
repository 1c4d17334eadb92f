/** Newline-delimited JSON over a byte stream: one frame a line (JSON never contains a raw \n). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** Feeds chunks in, calls `onFrame` per complete line; false once a line is over the limit. */
export function lineReader(onFrame: (line: string) => void): (chunk: Buffer) => boolean {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      if (line) onFrame(line);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
    return pendingBytes <= MAX_FRAME_BYTES;
  };
}
