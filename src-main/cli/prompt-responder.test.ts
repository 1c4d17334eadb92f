import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answeringPrompts } from '../../testing/ssh/prompt-answerer';
import { respondToPrompts } from './prompt-responder';

/** A terminal for the CLI: what it prints, and keys typed into it. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('CLI answers to secret prompts', () => {
  it('asks for a passphrase / MFA code on the terminal without echoing what is typed (issue 12 #4)', async () => {
    const { bus, prompts } = answeringPrompts(() => 'ignore'); // the CLI answers, not the test
    const term = fakeTerminal();
    const stop = respondToPrompts({ bus, core: { prompts } }, 'ask', () => {}, term);
    const answer = prompts.ask({ kind: 'secret', title: 'AWS prod', label: 'MFA code' });
    await new Promise((r) => setTimeout(r, 20));
    term.input.write('493817\r');
    expect(await answer).toMatchObject({ value: '493817' });
    expect(term.shown()).toContain('AWS prod — MFA code: ');
    expect(term.shown()).not.toContain('493817');
    expect(term.shown()).not.toMatch(/\*{6}/); // not even its length
    stop();
  });

  it('an empty answer is a cancel', async () => {
    const { bus, prompts } = answeringPrompts(() => 'ignore'); // the CLI answers, not the test
    const term = fakeTerminal();
    const stop = respondToPrompts({ bus, core: { prompts } }, 'ask', () => {}, term);
    const answer = prompts.ask({ kind: 'secret', title: 'Key', label: 'Passphrase' });
    await new Promise((r) => setTimeout(r, 20));
    term.input.write('\r');
    expect(await answer).toMatchObject({ value: null });
    stop();
  });
});
