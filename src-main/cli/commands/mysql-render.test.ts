import { describe, expect, it } from 'vitest';
import type { Topology } from '../../contract';
import { renderTopology } from './mysql-render';

const node = (id: string, over: Partial<Topology['nodes'][number]>) => ({
  id,
  name: id,
  address: '10.0.0.1',
  port: 3306,
  reachable: true,
  role: 'replica' as const,
  health: 'ok' as const,
  notes: [],
  replicaIds: [],
  flavor: 'mariadb' as const,
  version: '10.11.19',
  serverId: 1,
  readOnly: true,
  ...over,
});

describe('topology rendering', () => {
  it('draws the tree root first, replicas indented, the start server marked', () => {
    const topo: Topology = {
      rootId: 'db1',
      startId: 'db3',
      collectedAt: '',
      warnings: [],
      nodes: [
        node('db1', {
          role: 'master',
          readOnly: false,
          replicaIds: ['db2', 'db4'],
          executed: '0-1-9',
        }),
        node('db2', { role: 'intermediate', serverId: 2, replicaIds: ['db3'] }),
        node('db3', { serverId: 3, health: 'critical', notes: ['SQL thread stopped'] }),
        node('db4', { serverId: 4, reachable: false, health: 'unknown', notes: ['unreachable'] }),
      ],
    };
    expect(renderTopology(topo).split('\n')).toEqual([
      'db1 (master)  mariadb 10.11.19  id=1  rw  executed 0-1-9  [ok]',
      '├─ db2 (intermediate)  mariadb 10.11.19  id=2  ro  [ok]',
      '│  └─ db3 (replica)  mariadb 10.11.19  id=3  ro  [CRIT]  — SQL thread stopped *',
      '└─ db4 (replica) [??] unreachable',
    ]);
  });
});
