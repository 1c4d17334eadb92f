import {
  HostMetricsSettings,
  MetricsSettings,
  type HostMetricsSettings as HostSettings,
  type MetricsSettings as Settings,
} from '../../contract';
import type { Db } from './database';

/** The workspace's metrics settings and each host's collection settings (JSON, parsed on read). */
export class MetricsSettingsRepo {
  private cached: Settings | undefined;
  private readonly hostCache = new Map<string, HostSettings>();

  constructor(private readonly db: Db) {}

  get(): Settings {
    if (this.cached) return this.cached;
    const row = this.db
      .prepare("SELECT value_json FROM metrics_settings WHERE key = 'workspace'")
      .get() as { value_json: string } | undefined;
    this.cached = MetricsSettings.parse(row ? JSON.parse(row.value_json) : {});
    return this.cached;
  }

  set(settings: Settings): Settings {
    const parsed = MetricsSettings.parse(settings);
    this.db
      .prepare("INSERT OR REPLACE INTO metrics_settings (key, value_json) VALUES ('workspace', ?)")
      .run(JSON.stringify(parsed));
    this.cached = parsed;
    return parsed;
  }

  host(hostId: string): HostSettings {
    const known = this.hostCache.get(hostId);
    if (known) return known;
    const row = this.db
      .prepare('SELECT settings_json FROM metrics_host_settings WHERE host_id = ?')
      .get(hostId) as { settings_json: string } | undefined;
    const parsed = HostMetricsSettings.parse(row ? JSON.parse(row.settings_json) : {});
    this.hostCache.set(hostId, parsed);
    return parsed;
  }

  setHost(hostId: string, settings: HostSettings): HostSettings {
    const parsed = HostMetricsSettings.parse(settings);
    this.db
      .prepare(
        'INSERT OR REPLACE INTO metrics_host_settings (host_id, settings_json) VALUES (?, ?)',
      )
      .run(hostId, JSON.stringify(parsed));
    this.hostCache.set(hostId, parsed);
    return parsed;
  }
}
