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
    if (request.kind === 'confirm') {
      if (io.input.isTTY) return void askGate(services, request, log, io);
      // No terminal to ask on: another door (or `opsdeck workflow approve`) may answer; the
      // gate's own timeout declines it otherwise. Never answered yes on anyone's behalf.
      log(
        `Waiting for a person: ${request.title} — ${request.message}\n` +
          `  Answer in the window, or: opsdeck workflow approve ${request.runId}${request.typed ? ` --typed ${request.typed}` : ''} (reject to stop). Start with --yes to approve gates in advance.`,
      );
      return;
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
    if (message.topic === 'prompt.request') answer(message.payload);
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

async function askGate(
  services: PromptDoor,
  request: Extract<PromptRequest, { kind: 'confirm' }>,
  log: (t: string) => void,
  io: TerminalIo,
) {
  const rl = createInterface({ input: io.input, output: io.output });
  log(`\n${request.run}\n  ${request.title}\n  ${request.message}`);
  const reply = (
    await rl.question(
      request.typed
        ? `Type ${request.typed} to ${request.confirmLabel.toLowerCase()} (anything else stops the run): `
        : `${request.confirmLabel}? [y/N] `,
    )
  ).trim();
  rl.close();
  const approve = request.typed ? reply === request.typed : /^y(es)?$/i.test(reply);
  services.core.prompts.answer(
    { kind: 'confirm', id: request.id, approve, ...(request.typed ? { typed: reply } : {}) },
    'cli',
  );
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
