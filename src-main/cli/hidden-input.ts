/** The terminal a secret is asked on (process.stdin/stderr; a fake one in tests). */
export interface TerminalIo {
  input: NodeJS.ReadableStream & {
    isTTY?: boolean;
    isRaw?: boolean;
    setRawMode?(mode: boolean): unknown;
  };
  output: NodeJS.WritableStream;
}

export const processTerminal = (): TerminalIo => ({ input: process.stdin, output: process.stderr });

/**
 * Reads a secret (a vault or key passphrase, an MFA code, a sudo or MySQL password) from the
 * terminal without echoing it — no characters, no asterisks, like ssh and sudo (issue 12 #4). Raw
 * mode is on before the question shows, so an answer typed at once is not echoed either. Enter
 * ends it, Backspace and Ctrl+U edit it, Ctrl+C (or Ctrl+D on an empty line) cancels (null).
 * Escape sequences (arrow keys, bracketed paste markers) are dropped, not typed into the secret.
 */
export function readHidden(
  question: string,
  io: TerminalIo = processTerminal(),
): Promise<string | null> {
  const { input, output } = io;
  return new Promise((resolve) => {
    const wasRaw = input.isRaw ?? false;
    input.setRawMode?.(true);
    output.write(question);
    input.setEncoding('utf8');
    input.resume();
    let value = '';
    let escape = false;
    const done = (result: string | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      resolve(result);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (escape) {
          // CSI sequences end with a letter or ~ (ESC [ 2 0 0 ~ for a paste marker).
          if (/[A-Za-z~]/.test(ch)) escape = false;
          continue;
        }
        if (ch === '\u001b') escape = true;
        else if (ch === '\r' || ch === '\n') return done(value);
        else if (ch === '\u0003' || (ch === '\u0004' && value === '')) return done(null);
        else if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015') value = '';
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A new secret, typed twice; null when cancelled, or after three mismatches. */
export async function readNewSecret(
  question: string,
  log: (text: string) => void,
  io: TerminalIo = processTerminal(),
): Promise<string | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await readHidden(question, io);
    if (first === null) return null;
    const again = await readHidden('Type it again: ', io);
    if (again === null) return null;
    if (first === again) return first;
    log('The two entries differ; try again.');
  }
  return null;
}
