import { OpsdeckError } from '../../contract/errors';
import { callScope } from '../call-scope';
import type { PromptService } from '../prompts/prompt-service';
import type { Vault } from './vault';

const MIN_PASSPHRASE = 8;
const ATTEMPTS = 3;

/** The vault is locked and nobody unlocked it: what to do, for every door. */
export const vaultLockedError = (reason: string) =>
  new OpsdeckError(
    'VAULT_LOCKED',
    `The secret vault is locked, and Opsdeck needs it to ${reason}.`,
    'Unlock it: in Settings (desktop / browser), on a terminal when the CLI asks, with `opsdeck vault unlock` before the command, or with OPSDECK_VAULT_PASSPHRASE for scripts.',
  );

/**
 * A vault that asks for its passphrase when a secret is needed and it is locked (and offers to
 * create it the first time), through a prompt event with a `purpose`, stamped with the origin of
 * the call that needs it — the CLI that made the call answers on its terminal (nothing echoed;
 * without a terminal it answers "no" at once), a browser in its dialog. Work no door asked for
 * (no call origin) is not held up by a question nobody would see: VAULT_LOCKED at once, as for
 * cores that leave `ask` off.
 */
export class PromptingVault implements Vault {
  private asking: Promise<boolean> | undefined;

  constructor(
    private readonly inner: Vault,
    private readonly prompts: Pick<PromptService, 'ask'>,
    private readonly ask: boolean,
  ) {}

  get adapter() {
    return this.inner.adapter;
  }

  status() {
    return this.inner.status();
  }

  unlock(passphrase: string) {
    return this.inner.unlock(passphrase);
  }

  lock() {
    this.inner.lock();
  }

  async put(value: string, label: string): Promise<string> {
    await this.require(`store ${label}`);
    return this.inner.put(value, label);
  }

  async get(ref: string): Promise<string> {
    await this.require('read a stored secret');
    return this.inner.get(ref);
  }

  has(ref: string): boolean {
    return this.inner.has(ref);
  }

  delete(ref: string): Promise<void> {
    return this.inner.delete(ref);
  }

  /** Unlocked now, or after asking (one question at a time); false when declined / nobody asked. */
  async ensureUnlocked(reason: string): Promise<boolean> {
    if (this.inner.status().unlocked) return true;
    if (!this.ask || !callScope.current()) return false;
    this.asking ??= this.askPassphrase(reason).finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  private async require(reason: string): Promise<void> {
    if (!(await this.ensureUnlocked(reason))) throw vaultLockedError(reason);
  }

  private async askPassphrase(reason: string): Promise<boolean> {
    const create = !this.inner.status().initialized;
    let retry = '';
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const answer = await this.prompts.ask({
        kind: 'secret',
        purpose: create ? 'vault-create' : 'vault-unlock',
        title: create ? 'Create the Opsdeck vault' : 'Unlock the Opsdeck vault',
        label: `${retry}${create ? `Opsdeck keeps secrets in an encrypted vault, which does not exist yet. Choose its passphrase (at least ${MIN_PASSPHRASE} characters)` : 'Vault passphrase'} — needed to ${reason}`,
      });
      if (answer.value === null) return false;
      if (create && answer.value.length < MIN_PASSPHRASE) {
        retry = `Too short (at least ${MIN_PASSPHRASE} characters). `;
        continue;
      }
      try {
        await this.inner.unlock(answer.value);
        return true;
      } catch (err) {
        if (!(err instanceof OpsdeckError) || err.code !== 'VAULT_BAD_PASSPHRASE') throw err;
        retry = 'That passphrase does not open the vault. ';
      }
    }
    throw new OpsdeckError(
      'VAULT_BAD_PASSPHRASE',
      `The vault stayed locked after ${ATTEMPTS} wrong passphrases.`,
      'Check the passphrase (it is case-sensitive). Opsdeck cannot recover a forgotten one.',
    );
  }
}
