import { ClusterSettings, type ClusterInfo } from '../../contract';
import type { Db } from './database';

interface Row {
  name: string;
  settings_json: string;
  created_at: string;
  updated_at: string;
}

/** MySQL cluster settings (failover, heartbeat, traffic, promotion rules), one row per cluster. */
export class ClustersRepo {
  constructor(private readonly db: Db) {}

  list(): ClusterInfo[] {
    const rows = this.db.prepare('SELECT * FROM mysql_clusters ORDER BY name').all() as Row[];
    return rows.map(toInfo);
  }

  get(name: string): ClusterInfo | undefined {
    const row = this.db.prepare('SELECT * FROM mysql_clusters WHERE name = ?').get(name) as
      Row | undefined;
    return row && toInfo(row);
  }

  /** The saved cluster that lists `host` as a member. */
  ofMember(host: string): ClusterInfo | undefined {
    const lower = host.toLowerCase();
    return this.list().find((c) => c.members.some((m) => m.toLowerCase() === lower));
  }

  save(settings: ClusterSettings, at: string): ClusterInfo {
    this.db
      .prepare(
        `INSERT INTO mysql_clusters (name, settings_json, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET settings_json = excluded.settings_json, updated_at = excluded.updated_at`,
      )
      .run(settings.name, JSON.stringify(settings), at, at);
    return this.get(settings.name) as ClusterInfo;
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM mysql_clusters WHERE name = ?').run(name).changes > 0;
  }
}

function toInfo(row: Row): ClusterInfo {
  const settings = ClusterSettings.parse({ ...JSON.parse(row.settings_json), name: row.name });
  return { ...settings, saved: true, updatedAt: row.updated_at };
}
