/** One of this Opsdeck's open connections to a server, as far as its thread id matters. */
export interface OwnConnection {
  /** Set once the connection errored, ended or was dropped: it holds nothing any more. */
  readonly dead: boolean;
  /** mysql2's connection: its server thread id (null/0 before the handshake finished). */
  readonly conn: { readonly threadId: number | null };
}

/**
 * Every connection one host's pool has open — idle, in use and held sessions — so a fence that
 * ends every client on the server can spare Opsdeck's own (one of them holds the read lock).
 */
export class OwnConnections<C extends OwnConnection = OwnConnection> {
  private readonly open = new Set<C>();

  add(connection: C): void {
    this.open.add(connection);
  }

  delete(connection: C): void {
    this.open.delete(connection);
  }

  /** The server's thread ids of the live connections (dead ones and ids not yet known left out). */
  threadIds(): number[] {
    return [...this.open]
      .filter((c) => !c.dead)
      .map((c) => c.conn.threadId ?? 0)
      .filter((id) => id > 0);
  }
}
