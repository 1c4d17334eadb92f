/** Line endings of a text: all `\n`, all `\r\n`, a mix, or no line break at all. */
export type LineEndings = 'lf' | 'crlf' | 'mixed' | 'none';

export function lineEndingsOf(text: string): LineEndings {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  if (!lf && !crlf) return 'none';
  if (lf && crlf) return 'mixed';
  return crlf ? 'crlf' : 'lf';
}

/**
 * The lines of a text, split on `\n` only (a `\r` before it stays part of the line, so CRLF files
 * round-trip exactly). A final line break does not start an empty last line; `endsWithNewline`
 * says whether there was one.
 */
export function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text === '') return { lines: [], endsWithNewline: false };
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}
