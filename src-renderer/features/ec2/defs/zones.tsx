import type { Row } from '../model/kinds';
import { createVolume } from '../resource-actions';
import { Kv, m, State, col, mono, scopeCols, stateCol } from './cells';
import type { ResourceDef } from './types';

type Z = Row<'zones'>;

export const zonesDef: ResourceDef<'zones'> = {
  kind: 'zones',
  noun: { one: 'zone', many: 'zones' },
  testName: (z) => z.name,
  columns: [
    col<Z>('name', 'Zone', '140px', (z) => z.name, { className: 'mono strong' }),
    col<Z>('zoneId', 'Zone id', '110px', (z) => z.zoneId, mono),
    stateCol((z: Z) => z.state),
    col<Z>('type', 'Type', '130px', (z) => z.zoneType, { facet: (z) => z.zoneType }),
    col<Z>('messages', 'Messages', 'minmax(200px, 3fr)', (z) => z.messages.join(' · ')),
    ...scopeCols<Z>().map((c) => (c.id === 'region' ? { ...c, visible: true as const } : c)),
  ],
  searchText: (z) => [z.name, z.zoneId, z.state, z.region, ...z.messages].join(' '),
  menu: (rows) => [
    {
      id: 'volume',
      label: `Create volume in ${rows[0]!.name}…`,
      onSelect: () => createVolume(rows[0]!, rows[0]!.name),
    },
  ],
  details: (z) => (
    <Kv
      rows={[
        ['Zone', m(z.name)],
        ['Zone id', m(z.zoneId)],
        ['State', <State state={z.state} />],
        ['Type', z.zoneType],
        ['Messages', z.messages.join('\n')],
        ['Account / region', `${z.account} / ${z.region}`],
      ]}
    />
  ),
};
