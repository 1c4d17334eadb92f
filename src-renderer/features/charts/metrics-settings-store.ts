import type { MetricsSettings, MetricsSource } from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';

interface MetricsSettingsState {
  settings: MetricsSettings | null;
  /** The source each view starts with (the workspace default until the user picks one). */
  source: MetricsSource | null;
  pick(source: MetricsSource): void;
}

/**
 * The workspace's metrics settings (default source, Prometheus), fetched again on a
 * workspace-wide metrics.changed (a host's own collection settings change nothing here).
 */
export const metricsSettingsFeed = createFeedStore({
  initial: {
    settings: null,
    source: null,
    pick: (source) => metricsSettingsFeed.use.setState({ source }),
  } as MetricsSettingsState,
  fetch: () => client.call('metrics.settings', {}),
  toState: (settings, s) => ({ settings, source: s.source ?? settings.defaultSource }),
  events: client,
  topic: 'metrics.changed',
  onEvent: (e) => (e.host === undefined ? 'refetch' : null),
});
export const useMetricsSettings = metricsSettingsFeed.use;
