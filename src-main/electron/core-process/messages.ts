/**
 * Messages between the Electron main process (which only drives windows) and the core process
 * (an Electron utilityProcess running the core and the router). Structured-cloned by
 * postMessage: no JSON text on the main process's hot path.
 */
import type { Envelope, ErrorShape, EventMessage } from '../../contract';

/** Who answers in the core process: its own core, or a core it attached to (relay). */
export interface CoreIdentity {
  door: string;
  pid: number;
  /** Set when another core held the data folder and the core process attached to it. */
  attachedTo?: { door: string; pid: number };
}

/** A window's call, over that window's connection to the core. */
export interface CoreRequest {
  id: number;
  /** The window connection it came over (its events and watches are that window's). */
  conn: number;
  method: string;
  params: unknown;
}

/** What main sends in one turn, in order: connections opened and closed, calls. */
export type CoreInput = { open: number } | { close: number } | { request: CoreRequest };

export type CoreOutput =
  | { reply: { id: number; envelope: Envelope<unknown> } }
  /** An event for one window connection (broadcast events come once per connection). */
  | { event: EventMessage; conn: number }
  /**
   * The core's answer to port `gen` of a window connection (electron/stream-port-protocol.ts). `ok`: it
   * now sends the window's terminal output there (every earlier item went before this one, and
   * its previous port was flushed and closed), so main hands the renderer its end now, in order.
   * Not `ok`: the core refused it (the connection is gone) and main closes the renderer's end.
   */
  | { streamReady: StreamReady };

export interface StreamReady {
  conn: number;
  /** Which port: main numbers each one, and hands over only the one still waiting. */
  gen: number;
  ok: boolean;
}

export type ToCore =
  | {
      type: 'start';
      dataDir: string;
      encryptionAvailable: boolean;
      /** Linux: Electron's keyring backend (`basic_text` = none; core/secrets/choose-vault.ts). */
      storageBackend?: string;
    }
  /** The windows' connections and calls of one turn of main's event loop, in order. */
  | { type: 'input'; items: CoreInput[] }
  | { type: 'safe-storage-reply'; id: number; data?: string; error?: string }
  /** The core's end of a window connection's stream port travels with it (`ports[0]`). */
  | { type: 'stream-port'; conn: number; gen: number }
  | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready'; core: CoreIdentity }
  /** Replies and events of one turn of the core's event loop, in order (one message). */
  | { type: 'batch'; items: CoreOutput[] }
  | { type: 'safe-storage'; id: number; op: 'encrypt' | 'decrypt'; data: string }
  | { type: 'failed'; error: ErrorShape }
  | { type: 'stopped' };
