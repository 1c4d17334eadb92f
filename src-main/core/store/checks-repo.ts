import type { CheckDefinition, CheckEvent } from '../../contract';
import type { CheckMemory } from '../checks/nagios-state';
import type { Db } from './database';

type Spec = Omit<CheckDefinition, 'id' | 'name' | 'createdAt' | 'updatedAt'>;

interface CheckRow {
  id: string;
  name: string;
  spec_json: string;
  created_at: string;
  updated_at: string;
}

const definition = (r: CheckRow): CheckDefinition => ({
  id: r.id,
  name: r.name,
  ...(JSON.parse(r.spec_json) as Spec),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Threshold checks, their state per host and the history of their state changes. */
export class ChecksRepo {
  constructor(private readonly db: Db) {}

  list(): CheckDefinition[] {
    return (this.db.prepare('SELECT * FROM checks ORDER BY name').all() as CheckRow[]).map(
      definition,
    );
  }

  /** By id or (case-insensitive) name. */
  find(ref: string): CheckDefinition | undefined {
    const row = this.db
      .prepare('SELECT * FROM checks WHERE id = ? OR name = ? COLLATE NOCASE')
      .get(ref, ref) as CheckRow | undefined;
    return row && definition(row);
  }

  save(check: CheckDefinition): void {
    const { id, name, createdAt, updatedAt, ...spec } = check;
    this.db
      .prepare(
        'INSERT OR REPLACE INTO checks (id, name, spec_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, name, JSON.stringify(spec), createdAt, updatedAt);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM checks WHERE id = ?').run(id).changes > 0;
  }

  states(): { checkId: string; hostId: string; memory: CheckMemory }[] {
    const rows = this.db.prepare('SELECT * FROM check_states').all() as {
      check_id: string;
      host_id: string;
      state_json: string;
    }[];
    return rows.map((r) => ({
      checkId: r.check_id,
      hostId: r.host_id,
      memory: JSON.parse(r.state_json) as CheckMemory,
    }));
  }

  /** Several states in one transaction. */
  saveStates(rows: readonly { checkId: string; hostId: string; memory: CheckMemory }[]): void {
    const upsert = this.db.prepare(
      'INSERT OR REPLACE INTO check_states (check_id, host_id, state_json) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM checks WHERE id = ?)',
    );
    this.db.transaction(() => {
      for (const r of rows) upsert.run(r.checkId, r.hostId, JSON.stringify(r.memory), r.checkId);
    })();
  }

  dropState(checkId: string, hostId: string): void {
    this.db
      .prepare('DELETE FROM check_states WHERE check_id = ? AND host_id = ?')
      .run(checkId, hostId);
  }

  appendEvent(e: Omit<CheckEvent, 'id'>): CheckEvent {
    const info = this.db
      .prepare(
        `INSERT INTO check_events (at, check_id, check_name, host, from_state, to_state, hard, kind, notify, value, output)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.at,
        e.checkId,
        e.check,
        e.host,
        e.from,
        e.to,
        e.hard ? 1 : 0,
        e.kind,
        e.notify ? 1 : 0,
        e.value,
        e.output,
      );
    return { id: Number(info.lastInsertRowid), ...e };
  }

  events(filter: {
    host?: string;
    hosts?: readonly string[];
    checkId?: string;
    since?: string;
    until?: string;
    limit: number;
  }): CheckEvent[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.host) {
      where.push('host = ? COLLATE NOCASE');
      args.push(filter.host);
    }
    if (filter.hosts) {
      where.push(`host COLLATE NOCASE IN (${filter.hosts.map(() => '?').join(', ') || "''"})`);
      args.push(...filter.hosts);
    }
    if (filter.checkId) {
      where.push('check_id = ?');
      args.push(filter.checkId);
    }
    if (filter.since) {
      where.push('at >= ?');
      args.push(filter.since);
    }
    if (filter.until) {
      where.push('at <= ?');
      args.push(filter.until);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM check_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...args, filter.limit) as {
      id: number;
      at: string;
      check_id: string;
      check_name: string;
      host: string;
      from_state: CheckEvent['from'];
      to_state: CheckEvent['to'];
      hard: number;
      kind: CheckEvent['kind'];
      notify: number;
      value: number | null;
      output: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      checkId: r.check_id,
      check: r.check_name,
      host: r.host,
      from: r.from_state,
      to: r.to_state,
      hard: r.hard === 1,
      kind: r.kind,
      notify: r.notify === 1,
      value: r.value,
      output: r.output,
    }));
  }
}
