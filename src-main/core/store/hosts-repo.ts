import type { Host, HostFacts, MysqlSettings, ProfileMeta, ServerProfile } from '../../contract';
import type { Db } from './database';

interface HostRow {
  id: string;
  name: string;
  address: string;
  port: number;
  user: string;
  auth: Host['auth'];
  key_path: string | null;
  proxy_jump: string | null;
  secret_ref: string | null;
  groups_json: string;
  tags_json: string;
  profile_json: string;
  profile_meta_json: string | null;
  facts_json: string | null;
  mysql_json: string | null;
  notes: string;
  source: Host['source'];
  created_at: string;
  updated_at: string;
}

export type HostRecord = Host;

function fromRow(row: HostRow): Host {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    auth: row.auth,
    ...(row.key_path ? { keyPath: row.key_path } : {}),
    ...(row.proxy_jump ? { proxyJump: row.proxy_jump } : {}),
    ...(row.secret_ref ? { secretRef: row.secret_ref } : {}),
    groups: JSON.parse(row.groups_json) as string[],
    tags: JSON.parse(row.tags_json) as string[],
    profile: JSON.parse(row.profile_json) as ServerProfile,
    ...(row.profile_meta_json
      ? { profileMeta: JSON.parse(row.profile_meta_json) as ProfileMeta }
      : {}),
    ...(row.facts_json ? { facts: JSON.parse(row.facts_json) as HostFacts } : {}),
    ...(row.mysql_json ? { mysql: JSON.parse(row.mysql_json) as MysqlSettings } : {}),
    notes: row.notes,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(host: Host): HostRow {
  return {
    id: host.id,
    name: host.name,
    address: host.address,
    port: host.port,
    user: host.user,
    auth: host.auth,
    key_path: host.keyPath ?? null,
    proxy_jump: host.proxyJump ?? null,
    secret_ref: host.secretRef ?? null,
    groups_json: JSON.stringify(host.groups),
    tags_json: JSON.stringify(host.tags),
    profile_json: JSON.stringify(host.profile),
    profile_meta_json: host.profileMeta ? JSON.stringify(host.profileMeta) : null,
    facts_json: host.facts ? JSON.stringify(host.facts) : null,
    mysql_json: host.mysql ? JSON.stringify(host.mysql) : null,
    notes: host.notes,
    source: host.source,
    created_at: host.createdAt,
    updated_at: host.updatedAt,
  };
}

/** Hosts table. Holds vault references only, never secrets. */
export class HostsRepo {
  constructor(private readonly db: Db) {}

  all(): Host[] {
    const rows = this.db
      .prepare('SELECT * FROM hosts ORDER BY name COLLATE NOCASE')
      .all() as HostRow[];
    return rows.map(fromRow);
  }

  byId(id: string): Host | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(id) as HostRow | undefined;
    return row && fromRow(row);
  }

  byName(name: string): Host | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ? COLLATE NOCASE').get(name) as
      HostRow | undefined;
    return row && fromRow(row);
  }

  insert(host: Host): void {
    this.db
      .prepare(
        `INSERT INTO hosts (id, name, address, port, user, auth, key_path, secret_ref, groups_json,
           tags_json, profile_json, facts_json, mysql_json, notes, source, created_at, updated_at,
           proxy_jump, profile_meta_json)
         VALUES (@id, @name, @address, @port, @user, @auth, @key_path, @secret_ref, @groups_json,
           @tags_json, @profile_json, @facts_json, @mysql_json, @notes, @source, @created_at,
           @updated_at, @proxy_jump, @profile_meta_json)`,
      )
      .run(toRow(host));
  }

  update(host: Host): void {
    this.db
      .prepare(
        `UPDATE hosts SET name=@name, address=@address, port=@port, user=@user, auth=@auth,
           key_path=@key_path, proxy_jump=@proxy_jump, secret_ref=@secret_ref,
           groups_json=@groups_json, tags_json=@tags_json,
           profile_json=@profile_json, profile_meta_json=@profile_meta_json,
           facts_json=@facts_json, mysql_json=@mysql_json, notes=@notes,
           source=@source,
           updated_at=@updated_at
         WHERE id=@id`,
      )
      .run(toRow(host));
  }

  remove(ids: readonly string[]): string[] {
    const del = this.db.prepare('DELETE FROM hosts WHERE id = ?');
    const removed: string[] = [];
    this.db.transaction(() => {
      for (const id of ids) if (del.run(id).changes > 0) removed.push(id);
    })();
    return removed;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
