import type {
  BackupCheck,
  BackupEntry,
  BackupStatus,
  Coordinates,
  ErrorShape,
  SnapshotMember,
  TableStat,
} from '../../contract';
import type { Db } from './database';

interface BackupRow {
  id: string;
  kind: BackupEntry['kind'];
  tool: string;
  host_id: string;
  host_name: string;
  status: BackupStatus;
  started_at: string;
  finished_at: string | null;
  bytes: number;
  duration_ms: number | null;
  compression: BackupEntry['compression'];
  coordinates_json: string;
  checksum: string | null;
  destination: string;
  location: string;
  run_id: string | null;
  schedule_id: string | null;
  tables_json: string;
  snapshots_json: string | null;
  lock_ms: number | null;
  error_json: string | null;
  verify_json: string | null;
  restore_test_json: string | null;
}

const parse = <T>(json: string | null): T | undefined =>
  json ? (JSON.parse(json) as T) : undefined;

function toEntry(r: BackupRow): BackupEntry {
  const error = parse<ErrorShape>(r.error_json);
  const verify = parse<BackupCheck>(r.verify_json);
  const restoreTest = parse<BackupCheck>(r.restore_test_json);
  const snapshots = parse<SnapshotMember[]>(r.snapshots_json);
  return {
    id: r.id,
    kind: r.kind,
    tool: r.tool,
    hostId: r.host_id,
    hostName: r.host_name,
    status: r.status,
    startedAt: r.started_at,
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    bytes: r.bytes,
    ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
    ...(r.duration_ms ? { throughput: Math.round((r.bytes * 1000) / r.duration_ms) } : {}),
    compression: r.compression,
    coordinates: JSON.parse(r.coordinates_json) as Coordinates,
    ...(r.checksum ? { checksum: r.checksum } : {}),
    destination: r.destination,
    location: r.location,
    ...(r.run_id ? { runId: r.run_id } : {}),
    ...(r.schedule_id ? { scheduleId: r.schedule_id } : {}),
    tables: JSON.parse(r.tables_json) as TableStat[],
    ...(snapshots ? { snapshots } : {}),
    ...(r.lock_ms !== null ? { lockMs: r.lock_ms } : {}),
    ...(error ? { error } : {}),
    ...(verify ? { verify } : {}),
    ...(restoreTest ? { restoreTest } : {}),
  };
}

export type NewBackup = Pick<
  BackupEntry,
  | 'id'
  | 'kind'
  | 'tool'
  | 'hostId'
  | 'hostName'
  | 'startedAt'
  | 'compression'
  | 'destination'
  | 'location'
> &
  Partial<Pick<BackupEntry, 'runId' | 'scheduleId'>>;

export interface BackupFinish {
  status: 'succeeded' | 'failed';
  finishedAt: string;
  bytes: number;
  durationMs: number;
  coordinates?: Coordinates;
  checksum?: string;
  tables?: TableStat[];
  snapshots?: SnapshotMember[];
  lockMs?: number;
  error?: ErrorShape;
}

export interface BackupQuery {
  host?: string;
  kind?: BackupEntry['kind'];
  status?: BackupStatus;
  destination?: string;
  runId?: string;
  limit?: number;
}

/** What a running backup learns before it finishes (a snapshot set's ids, its coordinates). */
export type BackupNote = Partial<
  Pick<BackupEntry, 'coordinates' | 'tables' | 'snapshots' | 'lockMs'>
>;

/** The backup catalog: one row per backup attempt, good or failed, with its checks. */
export class BackupsRepo {
  constructor(private readonly db: Db) {}

  create(b: NewBackup): BackupEntry {
    this.db
      .prepare(
        `INSERT INTO backups (id, kind, tool, host_id, host_name, status, started_at, compression, destination, location, run_id, schedule_id)
         VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        b.id,
        b.kind,
        b.tool,
        b.hostId,
        b.hostName,
        b.startedAt,
        b.compression,
        b.destination,
        b.location,
        b.runId ?? null,
        b.scheduleId ?? null,
      );
    return this.get(b.id) as BackupEntry;
  }

  finish(id: string, f: BackupFinish): BackupEntry {
    this.db
      .prepare(
        `UPDATE backups SET status = ?, finished_at = ?, bytes = ?, duration_ms = ?,
           coordinates_json = COALESCE(?, coordinates_json), checksum = ?, tables_json = COALESCE(?, tables_json),
           snapshots_json = COALESCE(?, snapshots_json), lock_ms = ?, error_json = ?
         WHERE id = ?`,
      )
      .run(
        f.status,
        f.finishedAt,
        f.bytes,
        f.durationMs,
        f.coordinates ? JSON.stringify(f.coordinates) : null,
        f.checksum ?? null,
        f.tables ? JSON.stringify(f.tables) : null,
        f.snapshots ? JSON.stringify(f.snapshots) : null,
        f.lockMs ?? null,
        f.error ? JSON.stringify(f.error) : null,
        id,
      );
    return this.get(id) as BackupEntry;
  }

  note(id: string, n: BackupNote): void {
    this.db
      .prepare(
        `UPDATE backups SET coordinates_json = COALESCE(?, coordinates_json), tables_json = COALESCE(?, tables_json),
           snapshots_json = COALESCE(?, snapshots_json), lock_ms = COALESCE(?, lock_ms) WHERE id = ?`,
      )
      .run(
        n.coordinates ? JSON.stringify(n.coordinates) : null,
        n.tables ? JSON.stringify(n.tables) : null,
        n.snapshots ? JSON.stringify(n.snapshots) : null,
        n.lockMs ?? null,
        id,
      );
  }

  setCheck(id: string, which: 'verify' | 'restoreTest', check: BackupCheck): void {
    const column = which === 'verify' ? 'verify_json' : 'restore_test_json';
    this.db.prepare(`UPDATE backups SET ${column} = ? WHERE id = ?`).run(JSON.stringify(check), id);
  }

  clearCheck(id: string, which: 'verify' | 'restoreTest'): void {
    const column = which === 'verify' ? 'verify_json' : 'restore_test_json';
    this.db.prepare(`UPDATE backups SET ${column} = NULL WHERE id = ?`).run(id);
  }

  /** A backup whose run is gone (Opsdeck died mid-backup) is never left "running". */
  failRunning(at: string, error: ErrorShape): string[] {
    const ids = (
      this.db.prepare("SELECT id FROM backups WHERE status = 'running'").all() as { id: string }[]
    ).map((r) => r.id);
    this.db
      .prepare(
        "UPDATE backups SET status = 'failed', finished_at = ?, error_json = ? WHERE status = 'running'",
      )
      .run(at, JSON.stringify(error));
    return ids;
  }

  get(id: string): BackupEntry | undefined {
    const row = this.db.prepare('SELECT * FROM backups WHERE id = ?').get(id) as
      BackupRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  byRun(runId: string): BackupEntry | undefined {
    const row = this.db
      .prepare('SELECT * FROM backups WHERE run_id = ? ORDER BY started_at DESC LIMIT 1')
      .get(runId) as BackupRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  list(q: BackupQuery = {}): BackupEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.host) {
      where.push('host_name = ? COLLATE NOCASE');
      args.push(q.host);
    }
    if (q.kind) {
      where.push('kind = ?');
      args.push(q.kind);
    }
    if (q.status) {
      where.push('status = ?');
      args.push(q.status);
    }
    if (q.destination) {
      where.push('destination = ?');
      args.push(q.destination);
    }
    if (q.runId) {
      where.push('run_id = ?');
      args.push(q.runId);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM backups ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ?`,
      )
      .all(...args, q.limit ?? 500) as BackupRow[];
    return rows.map(toEntry);
  }

  /** A host's backups that had a restore test (newest first), by host id or name. */
  restoreTested(host: { id: string; name: string }, limit = 100): BackupEntry[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM backups WHERE (host_id = ? OR host_name = ? COLLATE NOCASE) AND restore_test_json IS NOT NULL ORDER BY started_at DESC LIMIT ?',
      )
      .all(host.id, host.name, limit) as BackupRow[];
    return rows.map(toEntry);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM backups WHERE id = ?').run(id);
  }
}
