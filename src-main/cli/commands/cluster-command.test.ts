import { describe, expect, it } from 'vitest';
import { ClusterSettings } from '../../contract';
import { applyClusterOptions, renderCluster } from './cluster-command';

const current = {
  ...ClusterSettings.parse({ name: 'db1', members: ['db1', 'db2', 'db3'] }),
  saved: false,
};
const none = { prefer: [], never: [], neutral: [], hook: [] };

describe('opsdeck mysql cluster options', () => {
  it('change what is given and keep the rest', () => {
    const s = applyClusterOptions(current, {
      ...none,
      name: 'shop',
      haproxy: 'proxy1/writer',
      automatic: 'on',
      prefer: ['db2'],
      never: ['db3'],
      hook: ['after-traffic:app1:systemctl reload app'],
    });
    expect(s).toMatchObject({
      name: 'shop',
      members: ['db1', 'db2', 'db3'],
      automaticFailover: true,
      antiFlapMinutes: 60,
      traffic: { kind: 'haproxy', proxyHost: 'proxy1', section: 'writer', oldMaster: 'disabled' },
      promotion: { db2: 'prefer', db3: 'never' },
      hooks: [
        { phase: 'after-traffic', host: 'app1', command: 'systemctl reload app', required: false },
      ],
    });
    expect(
      applyClusterOptions(current, { ...none, eip: 'prod:eu-west-1:eipalloc-0abc' }).traffic,
    ).toEqual({
      kind: 'elastic-ip',
      account: 'prod',
      region: 'eu-west-1',
      allocationId: 'eipalloc-0abc',
    });
  });

  it('names a wrong value', () => {
    expect(() => applyClusterOptions(current, { ...none, automatic: 'maybe' })).toThrow(
      /automatic must be on or off/,
    );
    expect(() => applyClusterOptions(current, { ...none, haproxy: 'proxy1' })).toThrow(
      /<host>\/<backend>/,
    );
  });

  it('shows unsaved defaults as such', () => {
    expect(renderCluster(current)).toMatch(/cluster\s+db1 \(not saved/);
    expect(renderCluster(current)).toMatch(/automatic failover\s+off/);
  });
});
