import { describe, expect, it } from 'vitest';
import { ClusterSettings, type ClusterPlanView } from '../../contract';
import { plannedSample } from '../../../testing/samples/failover/samples';
import { renderPlanView } from './failover-render';

const { input, plan } = plannedSample('mariadb-dead-master');

describe('opsdeck mysql failover --plan', () => {
  it('prints the verdict with every angle, the ranking table, each reason and the loss', () => {
    const view: ClusterPlanView = {
      cluster: {
        ...ClusterSettings.parse({ name: 'shop', members: ['db1', 'db2', 'db3'] }),
        saved: true,
      },
      health: {
        master: 'db1',
        verdict: 'dead',
        summary:
          'mysqld is not running on db1 (its host answers SSH), and every replica (db2, db3) lost it too',
        angles: [
          { angle: 'Opsdeck → MySQL', ok: false, detail: 'MYSQL_UNREACHABLE: refused' },
          { angle: 'db2 IO thread', ok: false, detail: 'connecting' },
        ],
        checkedAt: '2026-01-01T00:00:00Z',
      },
      plan,
      input,
      topology: { rootId: 'x', startId: 'x', nodes: [], collectedAt: '', warnings: [] },
    };
    const text = renderPlanView(view);
    expect(text).toMatch(/^cluster shop — master db1, failover, positions by mariadb-gtid/);
    expect(text).toMatch(/db1: DEAD — mysqld is not running/);
    expect(text).toMatch(/!!\s+Opsdeck → MySQL: MYSQL_UNREACHABLE/);
    expect(text).toMatch(/1\s+db2 \*\s+yes\s+0/);
    expect(text).toMatch(/- 3 transaction\(s\) behind the most advanced replica/);
    expect(text).toMatch(/would promote: db2/);
    expect(text).toMatch(
      /loss: 2 transaction\(s\) \(0-1-7\.\.8\) only db1 had — read from its binary log over SSH/,
    );
  });
});
