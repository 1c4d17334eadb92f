import { createInterface } from 'node:readline/promises';
import type { PromptAnswer, PromptRequest } from '../contract/index';
import type { CliContext } from './cli-context';
import { readHidden, readNewSecret, type TerminalIo } from './hidden-input';

export type HostKeyPolicy = 'ask' | 'accept-new';

/**
 * The CLI's answers to core prompts — only those its own calls raised (a window or another CLI
 * attached to the same core answers its own): from flags, or on the TTY. Without a TTY and
 * without a flag an unknown host key is rejected (never silently trusted).
 */
export function respondToPrompts(
  ctx: CliContext,
  policy: HostKeyPolicy,
  log: (t: string) => void,
  io: TerminalIo = { input: process.stdin, output: process.stderr },
): () => void {
  const reply = (answer: PromptAnswer) =>
    void ctx.call('prompts.answer', answer).catch(() => undefined);
  const answer = (request: PromptRequest) => {
    if (request.kind === 'host-key') {
      if (policy === 'accept-new' && !request.previousFingerprint) {
        log(
          `Trusting new ${request.keyType} key of ${request.host} (${request.address}): ${request.fingerprint}`,
        );
        return reply({ kind: 'host-key', id: request.id, decision: 'accept-remember' });
      }
      if (policy === 'ask' && io.input.isTTY) return void askHostKey(request, log, reply, io);
      log(
        `Unknown host key for ${request.host} (${request.keyType} ${request.fingerprint}). ` +
          'Re-run with --accept-new-host-keys after checking the fingerprint, or run interactively.',
      );
      return reply({ kind: 'host-key', id: request.id, decision: 'reject' });
    }
    if (request.kind === 'confirm') {
      if (io.input.isTTY) return void askGate(request, log, reply, io);
      // No terminal to ask on: another door (or `opsdeck workflow approve`) may answer; the
      // gate's own timeout declines it otherwise. Never answered yes on anyone's behalf.
      log(
        `Waiting for a person: ${request.title} — ${request.message}\n` +
          `  Answer in the window, or: opsdeck workflow approve ${request.runId}${request.typed ? ` --typed ${request.typed}` : ''} (reject to stop). Start with --yes to approve gates in advance.`,
      );
      return;
    }
    if (io.input.isTTY) return void askSecret(request, log, reply, io);
    if (request.purpose)
      log(
        `${request.title}: no terminal to ask the passphrase on. Run \`opsdeck vault unlock\` on a terminal first, or set OPSDECK_VAULT_PASSPHRASE.`,
      );
    return reply({ kind: 'secret', id: request.id, value: null, remember: false });
  };
  return ctx.on('prompt.request', (request) => {
    if (request.origin?.session === ctx.connection.session) answer(request);
  });
}

async function askHostKey(
  request: Extract<PromptRequest, { kind: 'host-key' }>,
  log: (t: string) => void,
  reply: (answer: PromptAnswer) => void,
  io: TerminalIo,
) {
  const rl = createInterface({ input: io.input, output: io.output });
  log(
    `The authenticity of host ${request.host} (${request.address}:${request.port}) can't be established.`,
  );
  log(`${request.keyType} key fingerprint is ${request.fingerprint}.`);
  const text = (await rl.question('Trust it? [o]nce / [r]emember / [N]o: ')).trim().toLowerCase();
  rl.close();
  const decision = text.startsWith('r')
    ? 'accept-remember'
    : text.startsWith('o')
      ? 'accept-once'
      : 'reject';
  reply({ kind: 'host-key', id: request.id, decision });
}

async function askGate(
  request: Extract<PromptRequest, { kind: 'confirm' }>,
  log: (t: string) => void,
  reply: (answer: PromptAnswer) => void,
  io: TerminalIo,
) {
  const rl = createInterface({ input: io.input, output: io.output });
  log(`\n${request.run}\n  ${request.title}\n  ${request.message}`);
  const text = (
    await rl.question(
      request.typed
        ? `Type ${request.typed} to ${request.confirmLabel.toLowerCase()} (anything else stops the run): `
        : `${request.confirmLabel}? [y/N] `,
    )
  ).trim();
  rl.close();
  const approve = request.typed ? text === request.typed : /^y(es)?$/i.test(text);
  reply({ kind: 'confirm', id: request.id, approve, ...(request.typed ? { typed: text } : {}) });
}

/** A secret on the terminal, never echoed; a new vault's passphrase is typed twice. */
async function askSecret(
  request: Extract<PromptRequest, { kind: 'secret' }>,
  log: (t: string) => void,
  reply: (answer: PromptAnswer) => void,
  io: TerminalIo,
) {
  // Passphrases, MFA codes and sudo passwords are never echoed (issue 12 #4).
  if (!request.purpose) {
    const value = await readHidden(`${request.title} — ${request.label}: `, io);
    return reply({ kind: 'secret', id: request.id, value: value || null, remember: false });
  }
  // The vault: what it is needed for, then its passphrase (a new vault's typed twice).
  log(`${request.title}: ${request.label}`);
  const value =
    request.purpose === 'vault-create'
      ? await readNewSecret('New vault passphrase: ', log, io)
      : await readHidden('Vault passphrase: ', io);
  reply({ kind: 'secret', id: request.id, value: value || null, remember: false });
}
