import { contribute } from '../../app/contributions';
import { MysqlArea } from './MysqlArea';
import { showTopology } from './mysql-store';
import { startMysqlAlertsFeed } from './alerts-feed';

/** MySQL: the area, and the topology of any host with a MySQL login. */
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
  hostActions: [
    {
      id: 'mysql-topology',
      label: () => 'Show replication topology',
      order: 90,
      testId: 'action-mysql-topology',
      when: (h) => Boolean(h.mysql),
      run: (h) => showTopology(h.name),
    },
  ],
});
