import type { SnapshotInfo } from '../../contract';
import type { Db } from './database';

interface Row {
  id: number;
  host_id: string;
  host_name: string;
  path: string;
  taken_at: string;
  reason: SnapshotInfo['reason'];
  size: number;
  mac: string;
  note: string;
}

export interface SealedBlob {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export interface NewSnapshot {
  hostId: string;
  hostName: string;
  path: string;
  takenAt: string;
  reason: SnapshotInfo['reason'];
  size: number;
  mac: string;
  note: string;
  door: string;
}

const toInfo = (r: Row): SnapshotInfo => ({
  id: r.id,
  hostId: r.host_id,
  hostName: r.host_name,
  path: r.path,
  takenAt: r.taken_at,
  reason: r.reason,
  size: r.size,
  note: r.note,
});

/** Snapshot rows and their encrypted blobs (the store never sees plaintext content). */
export class SnapshotsRepo {
  constructor(private readonly db: Db) {}

  keyRef(): string | undefined {
    const row = this.db.prepare('SELECT key_ref FROM snapshot_keys WHERE id = 1').get() as
      { key_ref: string } | undefined;
    return row?.key_ref;
  }

  setKeyRef(ref: string): void {
    this.db.prepare('INSERT INTO snapshot_keys (id, key_ref) VALUES (1, ?)').run(ref);
  }

  hasBlob(mac: string): boolean {
    return this.db.prepare('SELECT 1 FROM snapshot_blobs WHERE mac = ?').get(mac) !== undefined;
  }

  /** Store a snapshot, and its blob unless identical content is stored already. */
  add(snapshot: NewSnapshot, blob: SealedBlob | undefined): SnapshotInfo {
    const insert = this.db.transaction(() => {
      if (blob)
        this.db
          .prepare(
            'INSERT OR IGNORE INTO snapshot_blobs (mac, iv, tag, ciphertext) VALUES (?, ?, ?, ?)',
          )
          .run(snapshot.mac, blob.iv, blob.tag, blob.ciphertext);
      const info = this.db
        .prepare(
          `INSERT INTO file_snapshots (host_id, host_name, path, taken_at, reason, size, mac, note, door)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          snapshot.hostId,
          snapshot.hostName,
          snapshot.path,
          snapshot.takenAt,
          snapshot.reason,
          snapshot.size,
          snapshot.mac,
          snapshot.note,
          snapshot.door,
        );
      return Number(info.lastInsertRowid);
    });
    return this.get(insert()) as SnapshotInfo;
  }

  get(id: number): SnapshotInfo | undefined {
    const row = this.db.prepare('SELECT * FROM file_snapshots WHERE id = ?').get(id) as
      Row | undefined;
    return row ? toInfo(row) : undefined;
  }

  blobOf(id: number): (SealedBlob & { mac: string }) | undefined {
    return this.db
      .prepare(
        `SELECT b.mac, b.iv, b.tag, b.ciphertext FROM file_snapshots s
         JOIN snapshot_blobs b ON b.mac = s.mac WHERE s.id = ?`,
      )
      .get(id) as (SealedBlob & { mac: string }) | undefined;
  }

  /** The newest snapshot of a host's file, optionally at or before `at`. */
  latest(hostId: string, path: string, at?: string): (SnapshotInfo & { mac: string }) | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM file_snapshots WHERE host_id = ? AND path = ? AND taken_at <= ?
         ORDER BY taken_at DESC, id DESC LIMIT 1`,
      )
      .get(hostId, path, at ?? '9999') as Row | undefined;
    return row ? { ...toInfo(row), mac: row.mac } : undefined;
  }

  /** The oldest snapshot of a host's file (to say what there is when none is old enough). */
  oldest(hostId: string, path: string): SnapshotInfo | undefined {
    const row = this.db
      .prepare(
        'SELECT * FROM file_snapshots WHERE host_id = ? AND path = ? ORDER BY taken_at, id LIMIT 1',
      )
      .get(hostId, path) as Row | undefined;
    return row ? toInfo(row) : undefined;
  }

  list(filter: { hostId?: string; path?: string; limit: number }): SnapshotInfo[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.hostId) {
      where.push('host_id = ?');
      args.push(filter.hostId);
    }
    if (filter.path) {
      where.push('path = ?');
      args.push(filter.path);
    }
    const sql =
      `SELECT * FROM file_snapshots${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
      ' ORDER BY taken_at DESC, id DESC LIMIT ?';
    return (this.db.prepare(sql).all(...args, filter.limit) as Row[]).map(toInfo);
  }
}
