import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

export interface TerminalIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/**
 * Ask on the terminal for something secret (a key passphrase, an MFA code, a sudo password):
 * the question is shown, what is typed is not — no characters, no asterisks, like ssh and sudo.
 */
export async function readHidden(question: string, io: TerminalIo): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) io.output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: io.input, output, terminal: true });
  try {
    const answer = rl.question(question); // writes the question, then echo goes to the muted stream
    muted = true;
    return await answer;
  } finally {
    muted = false;
    io.output.write('\n');
    rl.close();
  }
}
