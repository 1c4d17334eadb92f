import type { Row } from '../model/kinds';
import {
  allocateAddress,
  associateAddress,
  disassociateAddress,
  editTags,
  releaseAddress,
} from '../resource-actions';
import { Kv, m, State, TagList, col, mono, scopeCols, tagsCol, tagsText } from './cells';
import type { ResourceDef } from './types';

type E = Row<'addresses'>;
const association = (a: E) =>
  a.instanceId || a.networkInterfaceId ? 'associated' : 'unassociated';

export const addressesDef: ResourceDef<'addresses'> = {
  kind: 'addresses',
  noun: { one: 'elastic IP', many: 'elastic IPs' },
  testName: (a) => a.publicIp,
  columns: [
    col<E>('ip', 'Public IP', '124px', (a) => a.publicIp, { className: 'mono strong' }),
    col<E>('name', 'Name', 'minmax(110px, 1fr)', (a) => a.name),
    {
      id: 'association',
      label: 'Association',
      width: '120px',
      sortValue: association,
      facet: association,
      render: (a) => <State state={association(a)} />,
    },
    col<E>('instance', 'Instance', '170px', (a) => a.instanceId, mono),
    col<E>('privateIp', 'Private IP', '110px', (a) => a.privateIp, mono),
    col<E>('allocation', 'Allocation', '190px', (a) => a.allocationId, mono),
    col<E>('associationId', 'Association id', '190px', (a) => a.associationId, {
      ...mono,
      visible: false,
    }),
    col<E>('eni', 'Interface', '170px', (a) => a.networkInterfaceId, { ...mono, visible: false }),
    col<E>('domain', 'Domain', '64px', (a) => a.domain, { visible: false }),
    tagsCol<E>(false),
    ...scopeCols<E>(),
  ],
  searchText: (a) =>
    [
      a.publicIp,
      a.name,
      a.instanceId,
      a.privateIp,
      a.allocationId,
      a.region,
      tagsText(a.tags),
    ].join(' '),
  create: (scope) => [
    { label: 'Allocate address…', testId: 'ec2-allocate', run: () => allocateAddress(scope) },
  ],
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    const on = one ? association(one) === 'associated' : false;
    return [
      ...(one
        ? [
            {
              id: 'associate',
              label: on ? 'Move to another instance…' : 'Associate with instance…',
              testId: on ? 'ec2-action-move' : 'ec2-action-associate-address',
              onSelect: () => associateAddress(one),
            },
            {
              id: 'disassociate',
              label: 'Disassociate…',
              testId: 'ec2-action-disassociate',
              disabled: !on,
              onSelect: () => disassociateAddress(one),
            },
          ]
        : []),
      { id: 'tags', label: 'Edit tags…', onSelect: () => editTags('addresses', rows) },
      { separator: true, id: 's1' },
      {
        id: 'release',
        label: 'Release…',
        danger: true,
        testId: 'ec2-action-release',
        disabled: !one || on,
        onSelect: () => one && releaseAddress(one),
      },
    ];
  },
  details: (a) => (
    <>
      <Kv
        rows={[
          ['Public IP', m(a.publicIp, true)],
          ['Association', <State state={association(a)} />],
          ['Instance', m(a.instanceId)],
          ['Private IP', m(a.privateIp)],
          ['Interface', m(a.networkInterfaceId)],
          ['Allocation', m(a.allocationId, true)],
          ['Association id', m(a.associationId)],
          ['Account / region', `${a.account} / ${a.region}`],
        ]}
      />
      <h3>Tags</h3>
      <TagList tags={a.tags} />
    </>
  ),
};
