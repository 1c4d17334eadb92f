import type { Core } from '../../core/create-core';
import type { Handlers } from '../router';

export function vaultHandlers(
  core: Core,
): Pick<Handlers, 'vault.status' | 'vault.unlock' | 'vault.lock'> {
  return {
    'vault.status': () => ({
      adapter: core.vault.adapter,
      ...core.vault.status(),
      ...(core.vaultNotice ? { notice: core.vaultNotice } : {}),
    }),
    'vault.unlock': async ({ passphrase }) => {
      const { created } = await core.vault.unlock(passphrase);
      core.bus.emit('vault.changed', { unlocked: true });
      return { unlocked: true as const, created };
    },
    'vault.lock': () => {
      core.vault.lock();
      core.bus.emit('vault.changed', { unlocked: false });
      return { unlocked: false as const };
    },
  };
}
