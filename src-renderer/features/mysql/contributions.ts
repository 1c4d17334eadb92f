import { isMysqlHost } from '../../../src-main/contract';
import { contribute } from '../../app/contributions';
import { MysqlArea } from './MysqlArea';
import { showTopology } from './mysql-store';
import { startMysqlAlertsFeed } from './alerts-feed';
import { treeKeys } from '../../ui/tree-keys';

/** MySQL: the area, and the topology of any MySQL host (a login, or MySQL detected on it). */
contribute({
  areas: [
    {
      id: 'mysql',
      label: 'MySQL',
      order: 30,
      keywords: 'replication topology mariadb',
      Screen: MysqlArea,
    },
  ],
  // Monitor alerts (a dead master, a partition, an automatic failover) as notifications.
  feeds: [{ start: startMysqlAlertsFeed }],
  shortcuts: treeKeys('MySQL topology'),
  hostActions: [
    {
      id: 'mysql-topology',
      label: () => 'Show replication topology',
      order: 90,
      testId: 'action-mysql-topology',
      when: (h) => isMysqlHost(h),
      run: (h) => showTopology(h.name),
    },
  ],
});
