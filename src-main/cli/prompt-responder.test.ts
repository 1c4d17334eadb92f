import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PromptAnswer, PromptRequest } from '../contract';
import type { CliContext } from './cli-context';
import { createOutput } from './output';
import { respondToPrompts } from './prompt-responder';

/** A terminal for the CLI: what it prints, and keys typed into it. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

/** A CLI context on session `s1`: prompt events go in, answers (prompts.answer calls) come out. */
function fakeContext() {
  const answers: PromptAnswer[] = [];
  let listener: ((payload: PromptRequest) => void) | undefined;
  const ctx: CliContext = {
    out: createOutput(false),
    connection: { mode: 'own', core: { door: 'cli', pid: process.pid }, session: 's1' },
    call: (async (method: string, params: unknown) => {
      if (method === 'prompts.answer') answers.push(params as PromptAnswer);
      return { answered: true };
    }) as CliContext['call'],
    invoke: async () => ({ ok: true, value: null }),
    on: ((topic: string, l: (payload: PromptRequest) => void) => {
      if (topic === 'prompt.request') listener = l;
      return () => (listener = undefined);
    }) as CliContext['on'],
  };
  const ask = (request: Extract<PromptRequest, { kind: 'secret' }>) => listener?.(request);
  return { ctx, answers, ask };
}

const secretPrompt = (label: string): Extract<PromptRequest, { kind: 'secret' }> => ({
  kind: 'secret',
  id: `p-${label}`,
  title: 'AWS prod',
  label,
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
  origin: { door: 'cli', session: 's1' },
});
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('CLI answers to secret prompts', () => {
  it('asks for a passphrase / MFA code on the terminal without echoing what is typed (issue 12 #4)', async () => {
    const { ctx, answers, ask } = fakeContext();
    const term = fakeTerminal();
    const stop = respondToPrompts(ctx, 'ask', () => {}, term);
    ask(secretPrompt('MFA code'));
    await settle();
    term.input.write('493817\r');
    await settle();
    expect(answers).toEqual([
      { kind: 'secret', id: 'p-MFA code', value: '493817', remember: false },
    ]);
    expect(term.shown()).toContain('AWS prod — MFA code: ');
    expect(term.shown()).not.toContain('493817');
    expect(term.shown()).not.toMatch(/\*{6}/); // not even its length
    stop();
  });

  it('an empty answer is a cancel', async () => {
    const { ctx, answers, ask } = fakeContext();
    const term = fakeTerminal();
    const stop = respondToPrompts(ctx, 'ask', () => {}, term);
    ask(secretPrompt('Passphrase'));
    await settle();
    term.input.write('\r');
    await settle();
    expect(answers).toEqual([{ kind: 'secret', id: 'p-Passphrase', value: null, remember: false }]);
    stop();
  });
});
