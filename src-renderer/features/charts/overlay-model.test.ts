import { describe, expect, it } from 'vitest';
import type { History } from '../../../src-main/contract';
import { hostColumnsOf } from './overlay-model';

const history = (series: History['series']): History => ({
  source: 'ssh',
  resolution: 'raw',
  stepMs: 1000,
  from: 0,
  to: 2000,
  t: [0, 1000],
  series,
});

describe('group overlay history', () => {
  it('combines a labelled metric per host: utilisation by its busiest device, traffic summed', () => {
    const h = history([
      { host: 'db1', key: 'disk.util:sda', values: [10, 20] },
      { host: 'db1', key: 'disk.util:sdb', values: [30, null] },
      { host: 'db2', key: 'disk.util:sda', values: [5, 6] },
      { host: 'db1', key: 'net.rx_bytes:eth0', values: [100, 200] },
      { host: 'db1', key: 'net.rx_bytes:lo', values: [1, 2] },
    ]);
    expect(hostColumnsOf(h, 'disk.util')).toEqual(
      new Map([
        ['db1', [30, 20]],
        ['db2', [5, 6]],
      ]),
    );
    expect(hostColumnsOf(h, 'net.rx_bytes').get('db1')).toEqual([101, 202]);
    expect(hostColumnsOf(h, 'disk.util:sdb').get('db1')).toEqual([30, null]);
  });
});
