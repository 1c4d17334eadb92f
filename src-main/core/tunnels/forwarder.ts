import type { Client } from 'ssh2';
import type { OpsdeckError } from '../../contract';
import type { Connections } from './connections';

/** What a forwarder gets from its tunnel. */
export interface ForwardContext {
  hostName: string;
  connections: Connections;
  /** The live SSH client; waits while (re)connecting, rejects once the tunnel failed or closed. */
  client(): Promise<Client>;
  /** One forwarded connection failed; the tunnel stays open and reports it as lastError. */
  connectionFailed(error: OpsdeckError): void;
}

/**
 * One kind of forwarding (-L, -R, -D). The tunnel owns the SSH connection and its reconnects;
 * the forwarder owns the listening side and moves bytes.
 */
export interface Forwarder {
  /** Bind what listens on this machine (-L, -D); first, so a busy port fails before connecting. */
  listen(): Promise<void>;
  /** The SSH connection is up (first time or after a drop): -R asks the server to listen. */
  attach(client: Client): Promise<void>;
  /** The SSH connection is gone; what depended on it went with it. */
  detach(client: Client): void;
  /** Stop for good: close listeners, end every forwarded connection, cancel the remote listen. */
  close(client: Client | undefined): Promise<void>;
  /** The port listened on, once bound (the picked one when 0 was asked). */
  boundPort(): number | undefined;
}

/** ssh2 throws synchronously when the client is not connected. */
export function callSafely(fn: () => void, fail: (err: unknown) => void): void {
  try {
    fn();
  } catch (err) {
    fail(err);
  }
}
