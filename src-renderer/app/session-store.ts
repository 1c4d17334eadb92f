import { create } from 'zustand';
import type { Result } from '../../src-main/contract';
import { client } from '../api';

type AppInfo = Result<'app.info'>;
type VaultStatus = Result<'vault.status'>;

interface SessionState {
  info: AppInfo | null;
  vault: VaultStatus | null;
}

/** Facts about this Opsdeck (version, door, data folder) and the vault's state. */
export const useSession = create<SessionState>(() => ({ info: null, vault: null }));

export async function refreshVault(): Promise<void> {
  try {
    useSession.setState({ vault: await client.call('vault.status', {}) });
  } catch {
    /* shown as unknown in the status bar */
  }
}

export async function refreshSession(): Promise<void> {
  try {
    useSession.setState({ info: await client.call('app.info', {}) });
  } catch {
    /* the status bar shows the connection problem */
  }
  await refreshVault();
}

export function startSessionFeed(): () => void {
  void refreshSession();
  return client.on('vault.changed', () => void refreshVault());
}
