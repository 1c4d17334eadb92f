import { contribute } from '../../app/contributions';
import { nav } from '../../app/nav-store';
import { useHostView } from './host-view-store';
import { ChartsArea } from './ChartsArea';
import { metricsSettingsFeed } from './metrics-settings-store';

/** Live charts: the Charts area (group overlays); host dashboards live in the host view. */
contribute({
  areas: [
    {
      id: 'charts',
      label: 'Charts',
      order: 35,
      keywords: 'metrics graphs overlay ganglia munin',
      Screen: ChartsArea,
    },
  ],
  hostActions: [
    {
      id: 'charts',
      label: () => 'Live charts',
      order: 15,
      testId: 'host-action-charts',
      palette: (name) => `Live charts of ${name}`,
      run: (host) => {
        useHostView.getState().set(host.id, 'charts');
        nav().open({ kind: 'host', hostId: host.id, title: host.name });
      },
    },
  ],
  feeds: [metricsSettingsFeed.feed],
});
