import type { Row } from '../model/kinds';
import { formatDateTime } from '../../../ui/format';
import {
  associateAddressTo,
  attachVolumeTo,
  copyText,
  createVolumeBeside,
  provisionVolumes,
  rebootInstances,
  showConsole,
  sshTo,
  startInstances,
  stopInstances,
  terminateInstances,
} from '../instance-actions';
import { editTags } from '../resource-actions';
import {
  Kv,
  m,
  State,
  TagList,
  col,
  dash,
  dateCol,
  mono,
  scopeCols,
  tagsCol,
  tagsText,
  stateCol,
} from './cells';
import type { ResourceDef } from './types';

type I = Row<'instances'>;

const groupsText = (i: I) => i.securityGroups.map((g) => g.name || g.id).join(', ');

export const instancesDef: ResourceDef<'instances'> = {
  kind: 'instances',
  noun: { one: 'instance', many: 'instances' },
  testName: (i) => i.name || i.instanceId,
  columns: [
    col<I>('name', 'Name', 'minmax(140px, 1.3fr)', (i) => i.name, { className: 'strong' }),
    col<I>('id', 'Instance', '158px', (i) => i.instanceId, mono),
    stateCol((i: I) => i.state, '118px'),
    col<I>('type', 'Type', '90px', (i) => i.instanceType, {
      ...mono,
      facet: (i) => i.instanceType,
    }),
    col<I>('zone', 'Zone', '102px', (i) => i.availabilityZone, {
      ...mono,
      facet: (i) => i.availabilityZone,
    }),
    col<I>('publicIp', 'Public IP', '112px', (i) => i.publicIp, mono),
    col<I>('privateIp', 'Private IP', '104px', (i) => i.privateIp, mono),
    col<I>('publicDns', 'Public DNS', 'minmax(160px, 1.5fr)', (i) => i.publicDns, {
      ...mono,
      visible: false,
    }),
    col<I>('privateDns', 'Private DNS', 'minmax(160px, 1.5fr)', (i) => i.privateDns, {
      ...mono,
      visible: false,
    }),
    col<I>('key', 'Key pair', '100px', (i) => i.keyName, { facet: (i) => i.keyName || '(none)' }),
    col<I>('groups', 'Security groups', 'minmax(100px, 1fr)', groupsText),
    col<I>('ami', 'AMI', '150px', (i) => i.imageId, mono),
    dateCol<I>('launched', 'Launched', (i) => i.launchTime),
    col<I>('platform', 'Platform', '96px', (i) => i.platform, { visible: false }),
    col<I>('vpc', 'VPC', '120px', (i) => i.vpcId, { ...mono, visible: false }),
    col<I>('subnet', 'Subnet', '130px', (i) => i.subnetId, { ...mono, visible: false }),
    tagsCol<I>(),
    ...scopeCols<I>(),
  ],
  searchText: (i) =>
    [
      i.name,
      i.instanceId,
      i.state,
      i.instanceType,
      i.availabilityZone,
      i.publicIp,
      i.privateIp,
      i.publicDns,
      i.privateDns,
      i.keyName,
      groupsText(i),
      i.imageId,
      i.region,
      i.account,
      tagsText(i.tags),
    ].join(' '),
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    const n = rows.length;
    const many = n > 1 ? ` (${n})` : '';
    const has = (s: string) => rows.some((r) => r.state === s);
    return [
      ...(one
        ? [
            {
              id: 'ssh',
              label: 'SSH: add to inventory and open…',
              testId: 'ec2-action-ssh',
              onSelect: () => sshTo(one),
              disabled: one.state !== 'running',
            },
            {
              id: 'console',
              label: 'Console output',
              testId: 'ec2-action-console',
              onSelect: () => showConsole(one),
            },
            { separator: true as const, id: 's0' },
          ]
        : []),
      {
        id: 'start',
        label: `Start${many}…`,
        testId: 'ec2-action-start',
        disabled: !has('stopped'),
        onSelect: () => startInstances(rows.filter((r) => r.state === 'stopped')),
      },
      {
        id: 'stop',
        label: `Stop${many}…`,
        testId: 'ec2-action-stop',
        disabled: !has('running') && !has('pending'),
        onSelect: () =>
          stopInstances(rows.filter((r) => r.state === 'running' || r.state === 'pending')),
      },
      {
        id: 'reboot',
        label: `Reboot${many}…`,
        testId: 'ec2-action-reboot',
        disabled: !has('running'),
        onSelect: () => rebootInstances(rows.filter((r) => r.state === 'running')),
      },
      { separator: true as const, id: 's1' },
      {
        id: 'tags',
        label: `Edit tags${many}…`,
        testId: 'ec2-action-tags',
        onSelect: () => editTags('instances', rows),
      },
      ...(one
        ? [
            {
              id: 'eip',
              label: 'Associate elastic IP…',
              testId: 'ec2-action-associate',
              onSelect: () => associateAddressTo(one),
            },
            {
              id: 'attach',
              label: 'Attach volume…',
              testId: 'ec2-action-attach',
              onSelect: () => attachVolumeTo(one),
            },
            {
              id: 'volume',
              label: `Create volume in ${one.availabilityZone}…`,
              testId: 'ec2-action-create-volume',
              onSelect: () => createVolumeBeside(one),
            },
            {
              id: 'provision',
              label: 'Provision volumes (workflow)…',
              testId: 'ec2-action-provision',
              onSelect: () => provisionVolumes(one),
            },
            {
              id: 'copy',
              label: 'Copy instance id',
              onSelect: () => void copyText(one.instanceId),
            },
          ]
        : []),
      { separator: true as const, id: 's2' },
      {
        id: 'terminate',
        label: `Terminate${many}…`,
        danger: true,
        testId: 'ec2-action-terminate',
        disabled: rows.every((r) => r.state === 'terminated' || r.state === 'shutting-down'),
        onSelect: () => terminateInstances(rows.filter((r) => r.state !== 'terminated')),
      },
    ];
  },
  details: (i) => (
    <>
      <Kv
        rows={[
          ['Instance', m(i.instanceId, true)],
          ['State', <State state={i.state} />],
          ['Type', m(i.instanceType)],
          ['Zone', m(i.availabilityZone)],
          ['Public IP', m(i.publicIp, true)],
          ['Public DNS', m(i.publicDns, true)],
          ['Private IP', m(i.privateIp, true)],
          ['Private DNS', m(i.privateDns)],
          ['Key pair', i.keyName],
          ['AMI', m(i.imageId)],
          ['Platform', i.platform],
          ['Launched', i.launchTime ? formatDateTime(i.launchTime) : dash],
          ['VPC / subnet', m([i.vpcId, i.subnetId].filter(Boolean).join(' / '))],
          ['Account / region', `${i.account} / ${i.region}`],
        ]}
      />
      <h3>Security groups</h3>
      {i.securityGroups.length ? (
        <div className="mono">
          {i.securityGroups.map((g) => (
            <div key={g.id}>
              {g.id} <span className="faint">{g.name}</span>
            </div>
          ))}
        </div>
      ) : (
        <p className="faint">None.</p>
      )}
      <h3>Tags</h3>
      <TagList tags={i.tags} />
    </>
  ),
};
