import { create } from 'zustand';
import type { MetricsSettings, MetricsSource } from '../../../src-main/contract';
import { client } from '../../api';

interface MetricsSettingsState {
  settings: MetricsSettings | null;
  /** The source each view starts with (the workspace default until the user picks one). */
  source: MetricsSource | null;
  load(): Promise<void>;
  pick(source: MetricsSource): void;
}

/** The workspace's metrics settings (default source, Prometheus), followed through metrics.changed. */
export const useMetricsSettings = create<MetricsSettingsState>((set) => ({
  settings: null,
  source: null,
  load: async () => {
    const settings = await client.call('metrics.settings', {});
    set((s) => ({ settings, source: s.source ?? settings.defaultSource }));
  },
  pick: (source) => set({ source }),
}));

/** Fetch, then follow metrics.changed. */
export function startMetricsSettingsFeed(): () => void {
  void useMetricsSettings
    .getState()
    .load()
    .catch(() => undefined);
  return client.on('metrics.changed', (e) => {
    if (e.host === undefined)
      void useMetricsSettings
        .getState()
        .load()
        .catch(() => undefined);
  });
}
