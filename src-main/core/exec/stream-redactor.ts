import { MASK } from '../redact';

/** A partial line longer than this is released even without its newline (liveness). */
const MAX_PARTIAL = 64 * 1024;
/** Longest END marker looked for across chunk boundaries. */
const MARKER_OVERLAP = 128;
const KEY_BEGIN = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const KEY_END = /-----END [A-Z ]*PRIVATE KEY-----/;
const KEY_MASK = `[private key ${MASK}]`;

/**
 * Redaction of a live output stream (cluster exec's per-host `output` events). The Redactor works
 * on whole texts; chunks cut a stream anywhere (SSH packets, pipe buffers), so a secret or the
 * context that identifies it (`--password=`, `IDENTIFIED BY '…'`) can be split across two chunks.
 * Text is therefore released line by line (a line ends at `\n` or `\r`): a partial line waits for
 * its end, for the end of the stream, or until it passes 64 KiB. From a `BEGIN … PRIVATE KEY` marker
 * to its END marker nothing is released; the block is shown as the Redactor shows it (one still open
 * when the stream ends is masked to the end). Work is linear in the output: nothing is scanned twice.
 *
 * Limit: a secret split by the 64 KiB cut of a single huge line is not recognised.
 */
export class StreamRedactor {
  private pending = '';
  /** Inside a private-key block: `pending` is the block's unsearched tail. */
  private inKey = false;
  private searched = 0;

  constructor(private readonly redact: (text: string) => string) {}

  /** Feed a chunk; returns the text that may be shown now (possibly empty). */
  push(chunk: string): string {
    if (!chunk) return '';
    this.pending += chunk;
    // Before this chunk the pending text was a partial line without a line end.
    let onlyChunkIsNew = !this.inKey;
    let out = '';
    for (;;) {
      if (this.inKey) {
        const from = Math.max(0, this.searched - MARKER_OVERLAP);
        const end = KEY_END.exec(this.pending.slice(from));
        if (!end) {
          // The block is masked whole: only a tail that may hold the start of END is kept.
          this.pending = this.pending.slice(-MARKER_OVERLAP);
          this.searched = this.pending.length;
          return out;
        }
        out += KEY_MASK;
        this.pending = this.pending.slice(from + end.index + end[0].length);
        onlyChunkIsNew = false; // what follows the block is all new
        this.inKey = false;
        continue;
      }
      // Only the new text can hold a line end (the partial line before it had none); it is searched
      // where it is, without touching (and flattening) the pending partial line.
      const searchIn = onlyChunkIsNew ? chunk : this.pending;
      const tail = lastLineEnd(searchIn);
      let cut = tail < 0 ? -1 : this.pending.length - searchIn.length + tail;
      if (cut < 0 && this.pending.length <= MAX_PARTIAL) return out;
      if (cut < 0) cut = this.pending.length;
      const ready = this.pending.slice(0, cut);
      const begin = openKeyBlock(ready);
      if (begin < 0) {
        this.pending = this.pending.slice(cut);
        return out + this.redact(ready);
      }
      // Release what precedes the block; hold the block (and what follows) until its END.
      if (begin > 0) out += this.redact(ready.slice(0, begin));
      this.pending = this.pending.slice(begin);
      this.inKey = true;
      this.searched = 0;
    }
  }

  /** The stream ended: release the rest (an unterminated key block is masked whole). */
  end(): string {
    const rest = this.pending;
    const inKey = this.inKey;
    this.pending = '';
    this.inKey = false;
    if (inKey) return KEY_MASK;
    return rest ? redactWhole(rest, this.redact) : '';
  }
}

/**
 * Redact a complete text (e.g. the captured start of a stream, which may stop inside a key
 * block): like the Redactor, plus a private-key block without its END is masked to the end.
 */
export function redactWhole(text: string, redact: (text: string) => string): string {
  const begin = openKeyBlock(text);
  if (begin < 0) return redact(text);
  return `${redact(text.slice(0, begin))}${KEY_MASK}`;
}

/**
 * The secrets written in `command` that redaction masks there (e.g. the value of `--password=` or
 * `MYSQL_PWD=`), to be masked in the command's output too: a command may echo them (`set -x`, an
 * error message quoting its command line) where no pattern recognises them.
 */
export function commandSecrets(command: string, redact: (text: string) => string): string[] {
  return secretsMasked(command, redact(command)).filter((s) => s.length >= 4);
}

/**
 * The substrings of `original` that redaction replaced with MASK (best effort: reconstructed by
 * aligning the unmasked pieces of `redacted` with the original text; stops at the first piece it
 * cannot place).
 */
export function secretsMasked(original: string, redacted: string): string[] {
  const pieces = redacted.split(MASK);
  const first = pieces[0] ?? '';
  const secrets: string[] = [];
  if (pieces.length < 2 || !original.startsWith(first)) return secrets;
  let at = first.length;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    const last = i === pieces.length - 1;
    // The masked value ends where the next unmasked piece starts (the last one: a suffix).
    const next = last
      ? original.endsWith(piece) && original.length - piece.length >= at
        ? original.length - piece.length
        : -1
      : original.indexOf(piece, at);
    if (next < 0) break;
    const secret = original.slice(at, next);
    if (secret && !secret.includes('\n')) secrets.push(...trimQuotes(secret));
    at = next + piece.length;
  }
  return secrets;
}

function trimQuotes(secret: string): string[] {
  const unquoted = secret.replace(/^(['"])(.*)\1$/s, '$2');
  return unquoted === secret ? [secret] : [secret, unquoted];
}

function lastLineEnd(text: string): number {
  const i = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return i < 0 ? -1 : i + 1;
}

/** Index of a BEGIN … PRIVATE KEY marker whose END marker has not come yet, or -1. */
function openKeyBlock(text: string): number {
  let from = 0;
  for (;;) {
    const rest = text.slice(from);
    const begin = KEY_BEGIN.exec(rest);
    if (!begin) return -1;
    const start = from + begin.index;
    const afterBegin = start + begin[0].length;
    const end = KEY_END.exec(text.slice(afterBegin));
    if (!end) return start;
    from = afterBegin + end.index + end[0].length;
  }
}
