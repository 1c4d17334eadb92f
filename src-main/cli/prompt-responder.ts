import { createInterface } from 'node:readline/promises';
import type { PromptRequest } from '../contract';
import type { Services } from '../server/compose';
import { readHidden, readNewSecret } from './hidden-input';

export type HostKeyPolicy = 'ask' | 'accept-new';

/**
 * The CLI's answers to core prompts: from flags, or on the TTY. Without a TTY and without a flag
 * an unknown host key is rejected (never silently trusted).
 */
export function respondToPrompts(
  services: Services,
  policy: HostKeyPolicy,
  log: (t: string) => void,
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
      if (policy === 'ask' && process.stdin.isTTY) return void askHostKey(services, request, log);
      log(
        `Unknown host key for ${request.host} (${request.keyType} ${request.fingerprint}). ` +
          'Re-run with --accept-new-host-keys after checking the fingerprint, or run interactively.',
      );
      return services.core.prompts.answer({ kind: 'host-key', id: request.id, decision: 'reject' });
    }
    if (process.stdin.isTTY) return void askSecret(services, request, log);
    if (request.purpose)
      log(
        `${request.title}: no terminal to ask the passphrase on. Run \`opsdeck vault unlock\` on a terminal first, or set OPSDECK_VAULT_PASSPHRASE.`,
      );
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
  services: Services,
  request: Extract<PromptRequest, { kind: 'host-key' }>,
  log: (t: string) => void,
) {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
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

/** A secret on the terminal, never echoed; a new vault's passphrase is typed twice. */
async function askSecret(
  services: Services,
  request: Extract<PromptRequest, { kind: 'secret' }>,
  log: (t: string) => void,
) {
  log(`${request.title}: ${request.label}`);
  const value =
    request.purpose === 'vault-create'
      ? await readNewSecret('New vault passphrase: ', log)
      : await readHidden(request.purpose === 'vault-unlock' ? 'Vault passphrase: ' : 'Value: ');
  services.core.prompts.answer({
    kind: 'secret',
    id: request.id,
    value: value || null,
    remember: false,
  });
}
