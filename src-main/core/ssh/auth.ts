import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  utils,
  type AnyAuthMethod,
  type KeyboardInteractiveCallback,
  type ParsedKey,
  type Prompt,
} from 'ssh2';
import { OpsdeckError, type Host } from '../../contract';
import type { PromptService } from '../prompts/prompt-service';
import type { Redactor } from '../redact';
import type { Vault } from '../secrets/vault';

export interface AuthDeps {
  vault: Vault;
  prompts: PromptService;
  signal?: AbortSignal;
  /** Overrides SSH_AUTH_SOCK for agent auth. */
  agentSocket?: string;
  /** Called when the user asked to remember a key passphrase: it was stored under `ref`. */
  onSecretStored?: (ref: string, host: Host) => void;
  /** Secrets read or typed here are registered so logs never show them. */
  redactor?: Redactor;
}

/** One attempt in order, with how it is described in error messages. */
export interface AuthAttempt {
  method: AnyAuthMethod;
  describe: string;
}

const MAX_PASSPHRASE_TRIES = 3;

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

/** Build the authentication attempts for a host; may ask for a key passphrase (prompt event). */
export async function prepareAuth(host: Host, deps: AuthDeps): Promise<AuthAttempt[]> {
  const username = host.user;
  switch (host.auth) {
    case 'agent': {
      // Windows without SSH_AUTH_SOCK: Pageant (ssh2 talks to it by that name).
      const agent =
        deps.agentSocket ??
        process.env.SSH_AUTH_SOCK ??
        (process.platform === 'win32' ? 'pageant' : undefined);
      if (!agent) {
        throw new OpsdeckError(
          'SSH_AUTH_FAILED',
          `${host.name} uses the SSH agent, but no agent is available (SSH_AUTH_SOCK is not set).`,
          'Start ssh-agent and add your key (ssh-add), then start Opsdeck from that session — or switch the host to a key file.',
        );
      }
      return [
        { method: { type: 'agent', username, agent }, describe: `publickey (agent ${agent})` },
      ];
    }
    case 'key':
      return [await keyAttempt(host, deps)];
    case 'password': {
      if (!host.secretRef) {
        throw new OpsdeckError(
          'SSH_AUTH_FAILED',
          `${host.name} uses password authentication but no password is stored for it.`,
          'Edit the host and enter its password (it is kept in the vault).',
        );
      }
      const password = await deps.vault.get(host.secretRef);
      deps.redactor?.add(password);
      return [
        { method: { type: 'password', username, password }, describe: 'password' },
        {
          method: {
            type: 'keyboard-interactive',
            username,
            prompt: answerPasswordPrompt(password),
          },
          describe: 'keyboard-interactive (password)',
        },
      ];
    }
  }
}

/** Answer a single hidden "Password:" question with the stored password; nothing else. */
function answerPasswordPrompt(password: string) {
  return (
    _name: string,
    _instructions: string,
    _lang: string,
    prompts: Prompt[],
    finish: KeyboardInteractiveCallback,
  ) => {
    const only = prompts.length === 1 ? prompts[0] : undefined;
    finish(only && !only.echo && /password/i.test(only.prompt) ? [password] : []);
  };
}

async function keyAttempt(host: Host, deps: AuthDeps): Promise<AuthAttempt> {
  if (!host.keyPath) {
    throw new OpsdeckError(
      'SSH_KEY_UNREADABLE',
      `${host.name} uses key authentication but no key file is set.`,
      'Edit the host and choose a private key file (e.g. ~/.ssh/id_ed25519).',
    );
  }
  const path = expandHome(host.keyPath);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OpsdeckError(
      'SSH_KEY_UNREADABLE',
      code === 'ENOENT'
        ? `The key file ${path} for ${host.name} does not exist.`
        : `The key file ${path} for ${host.name} cannot be read (${code ?? String(err)}).`,
      code === 'EACCES'
        ? `Make the file readable by the user running Opsdeck (chmod 600 ${path}).`
        : 'Check the path in the host settings, or create a key with ssh-keygen -t ed25519.',
      { cause: err },
    );
  }
  // The decrypted key goes to ssh2 as is: it is parsed (bcrypt KDF) once, and no passphrase is kept.
  const key = await unlockKey(host, path, data, deps);
  return {
    method: { type: 'publickey', username: host.user, key },
    describe: `publickey (key ${path})`,
  };
}

/** Parse the private key, asking for its passphrase when it is encrypted. */
async function unlockKey(
  host: Host,
  path: string,
  data: Buffer,
  deps: AuthDeps,
): Promise<ParsedKey> {
  const first = checkKey(data, undefined);
  if (typeof first !== 'string') return first;
  if (first !== 'needs-passphrase') throw unreadable(host, path, first);

  if (host.secretRef) {
    const stored = await deps.vault.get(host.secretRef).catch(() => undefined);
    const key = stored === undefined ? undefined : checkKey(data, stored);
    if (stored !== undefined && key && typeof key !== 'string') {
      deps.redactor?.add(stored);
      return key;
    }
  }
  for (let attempt = 1; attempt <= MAX_PASSPHRASE_TRIES; attempt++) {
    const answer = await deps.prompts.ask(
      {
        kind: 'secret',
        title:
          attempt === 1
            ? `Passphrase for ${path}`
            : `Wrong passphrase — try again (${attempt}/${MAX_PASSPHRASE_TRIES})`,
        label: `Passphrase of the key for ${host.user}@${host.name}`,
      },
      deps.signal,
    );
    if (answer.value === null) {
      throw new OpsdeckError(
        'CANCELLED',
        `Connecting to ${host.name} was cancelled at the key passphrase.`,
        'Connect again when ready.',
      );
    }
    const result = checkKey(data, answer.value);
    if (typeof result !== 'string') {
      deps.redactor?.add(answer.value);
      if (answer.remember) {
        const ref = await deps.vault.put(answer.value, `Passphrase for ${path}`);
        deps.onSecretStored?.(ref, host);
      }
      return result;
    }
    if (result !== 'bad-passphrase') throw unreadable(host, path, result);
  }
  throw new OpsdeckError(
    'SSH_KEY_UNREADABLE',
    `The passphrase for ${path} was wrong ${MAX_PASSPHRASE_TRIES} times.`,
    'Check the passphrase (ssh-keygen -y -f <key> tests it), then connect again.',
  );
}

/** The parsed private key, or why not: 'needs-passphrase', 'bad-passphrase' or a reason. */
type KeyCheck = ParsedKey | 'needs-passphrase' | 'bad-passphrase' | (string & {});

function checkKey(data: Buffer, passphrase: string | undefined): KeyCheck {
  const parsed = utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) return 'needs-passphrase';
    if (/bad passphrase|integrity check failed|decrypt/i.test(parsed.message))
      return 'bad-passphrase';
    return parsed.message;
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return 'the file holds a public key, not a private key';
  return key;
}

function unreadable(host: Host, path: string, reason: string): OpsdeckError {
  return new OpsdeckError(
    'SSH_KEY_UNREADABLE',
    `The key file ${path} for ${host.name} is not a usable private key: ${reason}.`,
    'Choose the private key (not the .pub file), in OpenSSH or PEM format (ssh-keygen -p -f <key> can convert it).',
  );
}
