import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptRequest } from '../../contract';
import { callScope } from '../call-scope';
import { createEventBus } from '../event-bus';
import { PromptService } from '../prompts/prompt-service';
import { PassphraseFileVault } from './passphrase-file-vault';
import { PromptingVault } from './prompting-vault';

const PASS = 'correct horse battery';

/** A real file vault behind the prompting one; `answers` are given in turn to each question. */
function setup(ask: boolean, answers: (string | null)[]) {
  const bus = createEventBus();
  const prompts = new PromptService(bus, 5_000);
  const inner = new PassphraseFileVault(join(mkdtempSync(join(tmpdir(), 'pvault-')), 'vault.json'));
  const asked: Extract<PromptRequest, { kind: 'secret' }>[] = [];
  bus.subscribe((m) => {
    if (m.topic !== 'prompt.request') return;
    const request = m.payload as PromptRequest;
    if (request.kind !== 'secret') return;
    asked.push(request);
    const value = answers.shift() ?? null;
    queueMicrotask(() =>
      prompts.answer({ kind: 'secret', id: request.id, value, remember: false }),
    );
  });
  return { vault: new PromptingVault(inner, prompts, ask), inner, asked };
}

/** As a door's call: the origin a router sets for every call it serves. */
const fromCli = <T>(fn: () => Promise<T>) => callScope.run({ door: 'cli', session: 'conn-1' }, fn);

/** Each test derives real scrypt keys (N = 2^17, about 0.5–1 s each here): room for a loaded machine. */
const SCRYPT_TESTS_MS = 30_000;

describe('a vault that asks for its passphrase', { timeout: SCRYPT_TESTS_MS }, () => {
  it('the first secret offers to create the vault, asked of the door that made the call', async () => {
    const { vault, asked } = setup(true, [PASS]);
    const ref = await fromCli(() => vault.put('s3cret', 'ssh password root@web1'));
    expect(await vault.get(ref)).toBe('s3cret');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      purpose: 'vault-create',
      origin: { door: 'cli', session: 'conn-1' },
    });
    expect(asked[0]?.label).toMatch(/needed to store ssh password root@web1/);
  });

  it('a locked vault asks to unlock it; a wrong passphrase is asked again, then accepted', async () => {
    const { vault, inner, asked } = setup(true, ['wrong passphrase', PASS]);
    await inner.unlock(PASS);
    const ref = await inner.put('s3cret', 'x');
    inner.lock();
    expect(await fromCli(() => vault.get(ref))).toBe('s3cret');
    expect(asked.map((a) => a.purpose)).toEqual(['vault-unlock', 'vault-unlock']);
    expect(asked[1]?.label).toMatch(/^That passphrase does not open the vault/);
  });

  it('a creation passphrase that is too short is asked again', async () => {
    const { vault, asked } = setup(true, ['short', PASS]);
    await fromCli(() => vault.put('v', 'label'));
    expect(asked[1]?.label).toMatch(/^Too short/);
  });

  it('declined (no answer, or no terminal): VAULT_LOCKED with how to unlock', async () => {
    const { vault } = setup(true, [null]);
    await expect(fromCli(() => vault.put('v', 'the MySQL password'))).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
      message: expect.stringMatching(/needs it to store the MySQL password/),
    });
  });

  it('work no door started is never held up by a question: VAULT_LOCKED at once', async () => {
    const { vault, asked } = setup(true, [PASS]);
    await expect(vault.put('v', 'label')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    expect(asked).toEqual([]);
  });

  it('a core that does not ask (a door without these prompts) fails at once', async () => {
    const { vault, asked } = setup(false, [PASS]);
    await expect(fromCli(() => vault.put('v', 'label'))).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
    expect(asked).toEqual([]);
  });

  it('two secrets needed at once ask one question', async () => {
    const { vault, asked } = setup(true, [PASS]);
    await fromCli(() => Promise.all([vault.put('a', 'one'), vault.put('b', 'two')]));
    expect(asked).toHaveLength(1);
  });
});
