import type { MessagePortMain } from 'electron';
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
  /**
   * A stream port for this window (electron/stream-port.ts): `deliver` gets the renderer's end
   * once the core sends the window's terminal output there. Absent when the core runs in this
   * process (nothing to bypass); a no-op while the core is not ready (the window asks again).
   */
  openStream?(deliver: (port: MessagePortMain) => void): void;
}

export type { SafeStorageLike };

export interface ComposeOptions {
  door: 'electron';
  dataDir: string;
  safeStorage: SafeStorageLike;
}

export type ComposeServices = (opts: ComposeOptions) => Promise<DoorServices>;
