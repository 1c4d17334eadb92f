import { createInterface } from 'node:readline/promises';
import type { PromptRequest } from '../contract';
import type { Services } from '../server/compose';
import { readHidden, type TerminalIo } from './hidden-input';

/** What answering prompts needs from the composed services. */
export type PromptDoor = Pick<Services, 'bus'> & { core: Pick<Services['core'], 'prompts'> };

export type HostKeyPolicy = 'ask' | 'accept-new';

/**
 * The CLI's answers to core prompts: from flags, or on the TTY. Without a TTY and without a flag
 * an unknown host key is rejected (never silently trusted).
 */
export function respondToPrompts(
  services: PromptDoor,
  policy: HostKeyPolicy,
  log: (t: string) => void,
  io: TerminalIo = { input: process.stdin, output: process.stderr },
): () => void {
  const answer = (request: PromptRequest) => {
    if (request.kind === 'host-key') {
      if (policy === 'accept-new' && !request.previousFingerprint) {
        log(
          `Trusting new ${request.keyType} key of ${request.host} (${request.address}): ${request.fingerprint}`,
        );
        return services.core.prompts.answer({
          kind: 'host-key',
          id: request.id,
          decision: 'accept-remember',
        });
      }
      if (policy === 'ask' && io.input.isTTY) return void askHostKey(services, request, log, io);
      log(
        `Unknown host key for ${request.host} (${request.keyType} ${request.fingerprint}). ` +
          'Re-run with --accept-new-host-keys after checking the fingerprint, or run interactively.',
      );
      return services.core.prompts.answer({ kind: 'host-key', id: request.id, decision: 'reject' });
    }
    if (io.input.isTTY) return void askSecret(services, request, io);
    return services.core.prompts.answer({
      kind: 'secret',
      id: request.id,
      value: null,
      remember: false,
    });
  };
  return services.bus.subscribe((message) => {
    if (message.topic === 'prompt.request') answer(message.payload as PromptRequest);
  });
}

async function askHostKey(
  services: PromptDoor,
  request: Extract<PromptRequest, { kind: 'host-key' }>,
  log: (t: string) => void,
  io: TerminalIo,
) {
  const rl = createInterface({ input: io.input, output: io.output });
  log(
    `The authenticity of host ${request.host} (${request.address}:${request.port}) can't be established.`,
  );
  log(`${request.keyType} key fingerprint is ${request.fingerprint}.`);
  const reply = (await rl.question('Trust it? [o]nce / [r]emember / [N]o: ')).trim().toLowerCase();
  rl.close();
  const decision = reply.startsWith('r')
    ? 'accept-remember'
    : reply.startsWith('o')
      ? 'accept-once'
      : 'reject';
  services.core.prompts.answer({ kind: 'host-key', id: request.id, decision });
}

async function askSecret(
  services: PromptDoor,
  request: Extract<PromptRequest, { kind: 'secret' }>,
  io: TerminalIo,
) {
  // Passphrases, MFA codes and sudo passwords are never echoed (issue 12 #4).
  const value = await readHidden(`${request.title} — ${request.label}: `, io);
  services.core.prompts.answer({
    kind: 'secret',
    id: request.id,
    value: value || null,
    remember: false,
  });
}
