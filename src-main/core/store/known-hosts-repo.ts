import type { Db } from './database';

export interface KnownHostKey {
  host: string;
  port: number;
  keyType: string;
  /** base64 of the key blob, as in an OpenSSH known_hosts line. */
  publicKey: string;
  fingerprint: string;
  addedAt: string;
  comment: string;
}

interface Row {
  host_pattern: string;
  port: number;
  key_type: string;
  public_key: string;
  fingerprint: string;
  added_at: string;
  comment: string;
}

const fromRow = (r: Row): KnownHostKey => ({
  host: r.host_pattern,
  port: r.port,
  keyType: r.key_type,
  publicKey: r.public_key,
  fingerprint: r.fingerprint,
  addedAt: r.added_at,
  comment: r.comment,
});

/** Opsdeck's own known-hosts store (read beside ~/.ssh/known_hosts). */
export class KnownHostsRepo {
  constructor(private readonly db: Db) {}

  forHost(host: string, port: number): KnownHostKey[] {
    const rows = this.db
      .prepare('SELECT * FROM known_hosts WHERE host_pattern = ? COLLATE NOCASE AND port = ?')
      .all(host, port) as Row[];
    return rows.map(fromRow);
  }

  /** Remember a key; replaces any key of the same type for that host (callers audit replacements). */
  remember(key: KnownHostKey): void {
    this.db
      .prepare(
        `INSERT INTO known_hosts (host_pattern, port, key_type, public_key, fingerprint, added_at, comment)
         VALUES (@host, @port, @keyType, @publicKey, @fingerprint, @addedAt, @comment)
         ON CONFLICT (host_pattern, port, key_type) DO UPDATE SET public_key = excluded.public_key,
           fingerprint = excluded.fingerprint, added_at = excluded.added_at, comment = excluded.comment`,
      )
      .run(key);
  }

  forget(host: string, port: number): number {
    return this.db
      .prepare('DELETE FROM known_hosts WHERE host_pattern = ? COLLATE NOCASE AND port = ?')
      .run(host, port).changes;
  }
}
