import { contribute } from '../../app/contributions';
import { ChecksArea } from './ChecksArea';
import { ChecksStatusItem } from './ChecksStatusItem';
import {
  checksFeed,
  deployFeed,
  startCheckNotifications,
  stateCounts,
  useChecks,
} from './checks-store';

/** Checks: the Checks area (states, history, deployment suites), notifications, the status bar. */
contribute({
  areas: [
    {
      id: 'checks',
      label: 'Checks',
      order: 36,
      keywords: 'nagios alerts thresholds deployment',
      Screen: ChecksArea,
      useBadge: () => {
        const status = useChecks((s) => s.status);
        const c = stateCounts(status);
        const n = c.CRITICAL + c.WARNING;
        return n ? { count: n, title: `${c.CRITICAL} CRITICAL, ${c.WARNING} WARNING` } : null;
      },
    },
  ],
  feeds: [checksFeed.feed, deployFeed.feed, { start: startCheckNotifications }],
  statusItems: [ChecksStatusItem],
});
