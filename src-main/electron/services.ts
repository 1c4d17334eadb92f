import type { SafeStorageLike } from '../server/compose';
import type { Envelope, Transport } from '../contract';

/**
 * What the Electron door needs from the core, by shape only (the door never imports core
 * internals). `Services` from src-main/server/compose.ts satisfies it.
 */
export interface DoorServices {
  /** One connection per window (`Connection` of server/connection.ts satisfies it). */
  connect(door: 'electron'): DoorConnection;
  /** Finish or cancel outstanding work and close stores; called once on quit. */
  shutdown(): Promise<void>;
}

/** A window's connection to the core: its calls, its events, closed with the window. */
export interface DoorConnection extends Transport {
  /** What the window sent, as it sent it: the router validates method and params. */
  invoke(method: unknown, params: unknown): Promise<Envelope<unknown>>;
  close(): void;
}

export type { SafeStorageLike };

export interface ComposeOptions {
  door: 'electron';
  dataDir: string;
  safeStorage: SafeStorageLike;
}

export type ComposeServices = (opts: ComposeOptions) => Promise<DoorServices>;
