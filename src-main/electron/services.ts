import type { SafeStorageLike } from '../core/secrets/safe-storage-vault';
import type { EventMessage } from '../contract';
import type { Router } from '../server/router';

/**
 * What the Electron door needs from the core, by shape only (the door never imports core
 * internals). `Services` from src-main/server/compose.ts satisfies it.
 */
export interface DoorServices {
  router: Router;
  bus: { subscribe(listener: (message: EventMessage) => void): () => void };
  /** Finish or cancel outstanding work and close stores; called once on quit. */
  shutdown(): Promise<void>;
}

export type { SafeStorageLike };

export interface ComposeOptions {
  door: 'electron';
  dataDir: string;
  safeStorage: SafeStorageLike;
}

export type ComposeServices = (opts: ComposeOptions) => Promise<DoorServices>;
