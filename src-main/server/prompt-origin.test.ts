/**
 * Prompts carry the door and session of the call that raised them, through every await of the
 * handler: a CLI attached next to a window answers only the questions its own commands asked.
 */
import { describe, expect, it } from 'vitest';
import { methods, type PromptRequest } from '../contract';
import { createEventBus } from '../core/event-bus';
import { PromptService } from '../core/prompts/prompt-service';
import { createRouter, type Handlers } from './router';

describe('prompt origin', () => {
  it('stamps a prompt with the session of the call that raised it, and none outside a call', async () => {
    const bus = createEventBus();
    const prompts = new PromptService(bus, 1_000);
    const asked: PromptRequest[] = [];
    bus.subscribe((m) => {
      if (m.topic !== 'prompt.request') return;
      const request = m.payload as PromptRequest;
      asked.push(request);
      prompts.answer({ kind: 'secret', id: request.id, value: 'x', remember: false });
    });
    const fail = () => {
      throw new Error('not used');
    };
    const all = Object.fromEntries(Object.keys(methods).map((k) => [k, fail]));
    const router = createRouter({
      ...(all as unknown as Handlers),
      'vault.status': async () => {
        await new Promise((r) => setTimeout(r, 5)); // the origin survives awaits
        await prompts.ask({ kind: 'secret', title: 'MFA', label: 'arn' });
        return { adapter: 'passphrase-file', unlocked: true, initialized: true };
      },
    });
    await Promise.all([
      router.call('vault.status', {}, { door: 'cli', connectionId: 'cli-1' }),
      router.call('vault.status', {}, { door: 'electron', connectionId: 'window' }),
    ]);
    await prompts.ask({ kind: 'secret', title: 'background', label: 'none' });
    expect(asked.map((r) => r.origin)).toEqual(
      expect.arrayContaining([
        { door: 'cli', session: 'cli-1' },
        { door: 'electron', session: 'window' },
        undefined,
      ]),
    );
    expect(asked).toHaveLength(3);
  });
});
