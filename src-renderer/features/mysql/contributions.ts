import { contribute } from '../../app/contributions';
import { MysqlArea } from './MysqlArea';
import { showTopology } from './mysql-store';

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
