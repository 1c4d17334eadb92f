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
   * A stream port for this window (electron/stream-port-protocol.ts): `deliver` gets the renderer's end
   * once the core sends the window's terminal output there, or `undefined` when there is none
   * (the core is not ready, or refused it: the window asks again when the core is ready). A
   * request while one is on its way is ignored (that one answers). Absent when the core runs in
   * this process (nothing to bypass).
   */
  openStream?(deliver: (port: MessagePortMain | undefined) => void): void;
}

export type { SafeStorageLike };

export interface ComposeOptions {
  door: 'electron';
  dataDir: string;
  safeStorage: SafeStorageLike;
}

export type ComposeServices = (opts: ComposeOptions) => Promise<DoorServices>;
