import { describe, expect, it } from 'vitest';
import type { Host, ReplicaStatus, ServerFacts } from '../../contract';
import { mariadbDialect } from './dialects/mariadb';
import type { ServerProbe } from './server-probe';
import { discoverTopology } from './topology';

const mkHost = (name: string, n: number): Host =>
  ({
    id: `id-${name}`,
    name,
    address: `10.0.0.${n}`,
    port: 22,
    mysql: { port: 3306, user: 'opsdeck', via: 'ssh-tunnel' },
  }) as Host;

const facts = (serverId: number, readOnly = false): ServerFacts =>
  ({
    serverId,
    readOnly,
    flavor: 'mariadb',
    version: '10.11.19',
    gtid: { mode: 'mariadb', executed: `0-1-${serverId}0` },
    warnings: [],
  }) as unknown as ServerFacts;

const replicating = (sourceHost: string, over: Partial<ReplicaStatus> = {}): ReplicaStatus => ({
  channel: '',
  sourceHost,
  sourcePort: 3306,
  sourceUser: 'repl',
  sourceServerId: 1,
  sourceUuid: '',
  ioThread: 'running',
  sqlThread: 'running',
  ioState: '',
  sqlState: '',
  secondsBehind: 0,
  sourceLogFile: 'mysql-bin.000001',
  readSourceLogPos: 100,
  execSourceLogFile: 'mysql-bin.000001',
  execSourceLogPos: 100,
  relayLogFile: 'relay.000002',
  relayLogPos: 4,
  gtidMode: 'Slave_Pos',
  retrievedGtid: '0-1-10',
  executedGtid: '0-1-10',
  sqlDelay: 0,
  wildIgnoreTable: '',
  ...over,
});

function world(
  setup: Record<
    string,
    { facts: ServerFacts; replication?: ReplicaStatus[]; registered?: object[]; down?: boolean }
  >,
) {
  const hosts = Object.keys(setup).map((name, i) => mkHost(name, i + 1));
  return {
    hosts: () => hosts,
    probe: async (h: Host): Promise<ServerProbe> => {
      const s = setup[h.name];
      if (!s || s.down)
        throw Object.assign(new Error(`${h.name} down`), { code: 'MYSQL_UNREACHABLE', hint: 'x' });
      return {
        host: h,
        facts: s.facts,
        dialect: mariadbDialect({ major: 10, minor: 11, patch: 19 }),
        replication: s.replication ?? [],
      };
    },
    read: (h: Host) => async (sql: string) =>
      sql.startsWith('SHOW SLAVE HOSTS')
        ? ((setup[h.name]?.registered ?? []) as Record<string, unknown>[])
        : [{ n: 0 }],
    now: () => new Date('2026-01-01T00:00:00Z'),
    host: (name: string) => hosts.find((h) => h.name === name) as Host,
  };
}

describe('topology discovery', () => {
  it('walks up from a leaf to the root and down to every replica, with roles and health', async () => {
    const w = world({
      db1: { facts: facts(1) },
      db2: { facts: facts(2, true), replication: [replicating('10.0.0.1')] },
      db3: {
        facts: facts(3, true),
        replication: [
          replicating('10.0.0.2', {
            sqlThread: 'stopped',
            lastSqlError: { errno: 1062, message: 'Duplicate entry' },
          }),
        ],
      },
      db4: { facts: facts(4), replication: [replicating('10.0.0.1', { secondsBehind: 45 })] },
    });
    const topo = await discoverTopology(w.host('db3'), w);
    const by = new Map(topo.nodes.map((n) => [n.name, n]));
    expect(topo.rootId).toBe('id-db1');
    expect(by.get('db1')).toMatchObject({ role: 'master', health: 'ok' });
    expect(by.get('db1')?.replicaIds.sort()).toEqual(['id-db2', 'id-db4']);
    expect(by.get('db2')).toMatchObject({
      role: 'intermediate',
      masterId: 'id-db1',
      replicaIds: ['id-db3'],
    });
    expect(by.get('db3')).toMatchObject({
      role: 'replica',
      health: 'critical',
      notes: ['SQL thread stopped by error 1062: Duplicate entry'],
    });
    expect(by.get('db4')).toMatchObject({
      health: 'warning',
      notes: ['45 s behind', 'replica is writable (read_only OFF)'],
    });
  });

  it('a master outside the inventory becomes an unknown root; unreachable servers say why', async () => {
    const w = world({
      db2: { facts: facts(2, true), replication: [replicating('192.168.1.9')] },
      db5: { facts: facts(5), down: true },
    });
    const topo = await discoverTopology(w.host('db2'), w);
    expect(topo.rootId).toBe('server:192.168.1.9:3306');
    expect(topo.nodes.find((n) => n.id === topo.rootId)).toMatchObject({
      role: 'master',
      reachable: false,
      health: 'unknown',
      replicaIds: ['id-db2'],
    });
    expect(topo.nodes.find((n) => n.name === 'db5')).toBeUndefined();
  });

  it('replicas registered with the master but not in the inventory show up by server id', async () => {
    const w = world({
      db1: { facts: facts(1), registered: [{ Server_id: 77, Host: '10.9.9.9', Port: 3306 }] },
    });
    const topo = await discoverTopology(w.host('db1'), w);
    expect(topo.nodes.find((n) => n.id === 'server-id:77')).toMatchObject({
      role: 'replica',
      masterId: 'id-db1',
      serverId: 77,
      name: '10.9.9.9:3306',
    });
    expect(topo.nodes.find((n) => n.name === 'db1')?.role).toBe('master');
  });
});

describe('topology with a dead master', () => {
  it('still draws the replicas under it, found from their side, and the master as unreachable', async () => {
    const w = world({
      db1: { facts: facts(1), down: true },
      db2: {
        facts: facts(2, true),
        replication: [replicating('10.0.0.1', { ioThread: 'connecting' })],
      },
      db3: {
        facts: facts(3, true),
        replication: [replicating('10.0.0.1', { ioThread: 'connecting' })],
      },
    });
    const topo = await discoverTopology(w.host('db2'), w);
    const db1 = topo.nodes.find((n) => n.name === 'db1');
    expect(topo.rootId).toBe('id-db1');
    expect(db1).toMatchObject({
      reachable: false,
      role: 'master',
      replicaIds: ['id-db2', 'id-db3'],
    });
  });
});
