/** How much of the start of a file is examined for NUL bytes and control characters. */
const SAMPLE = 8192;

/**
 * Decide whether file content is text an editor may show: valid UTF-8 (a BOM is fine), no NUL byte
 * in the first 8 KiB, and few control characters there (escape sequences, tabs and form feeds in
 * logs are fine). Returns the decoded text for text files.
 */
export function decodeText(data: Buffer): { binary: true } | { binary: false; text: string } {
  const sample = data.subarray(0, SAMPLE);
  if (sample.includes(0)) return { binary: true };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return { binary: true };
  }
  let control = 0;
  for (const byte of sample) {
    // Allowed: \b \t \n \v \f \r and ESC.
    if (byte < 0x20 && !(byte >= 0x08 && byte <= 0x0d) && byte !== 0x1b) control++;
    else if (byte === 0x7f) control++;
  }
  if (sample.length && control / sample.length > 0.1) return { binary: true };
  return { binary: false, text };
}
