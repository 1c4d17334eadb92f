import type { Row } from '../model/kinds';
import { volumeTone } from '../model/tones';
import {
  attachVolume,
  createVolume,
  deleteVolume,
  detachVolume,
  editTags,
  snapshotVolume,
} from '../resource-actions';
import {
  Kv,
  m,
  State,
  TagList,
  col,
  dateCol,
  mono,
  scopeCols,
  tagsCol,
  tagsText,
  stateCol,
} from './cells';
import type { ResourceDef } from './types';

type V = Row<'volumes'>;
const attachment = (v: V) =>
  v.attachments
    .map((a) => `${a.instanceId} ${a.device}${a.state !== 'attached' ? ` (${a.state})` : ''}`)
    .join(', ');

export const volumesDef: ResourceDef<'volumes'> = {
  kind: 'volumes',
  noun: { one: 'volume', many: 'volumes' },
  testName: (v) => v.name || v.volumeId,
  columns: [
    col<V>('name', 'Name', 'minmax(120px, 1.2fr)', (v) => v.name, { className: 'strong' }),
    col<V>('id', 'Volume', '172px', (v) => v.volumeId, mono),
    stateCol((v: V) => v.state, '116px', volumeTone),
    col<V>('size', 'Size', '70px', (v) => v.sizeGiB, {
      align: 'right',
      render: (v) => `${v.sizeGiB} GiB`,
    }),
    col<V>('type', 'Type', '64px', (v) => v.volumeType, { ...mono, facet: (v) => v.volumeType }),
    col<V>('iops', 'IOPS', '64px', (v) => v.iops ?? '', { align: 'right', visible: false }),
    col<V>('zone', 'Zone', '102px', (v) => v.availabilityZone, {
      ...mono,
      facet: (v) => v.availabilityZone,
    }),
    {
      id: 'attachment',
      label: 'Attachment',
      width: 'minmax(240px, 1.6fr)',
      sortValue: attachment,
      className: 'mono',
      render: (v) =>
        v.attachments.length ? (
          <span className="cell-status">
            {v.attachments.map((a) => (
              <span key={a.instanceId}>
                {a.instanceId} <span className="muted">{a.device}</span>
                {a.state !== 'attached' ? <span className="tone-text-warn"> {a.state}</span> : null}
              </span>
            ))}
          </span>
        ) : (
          <span className="faint">—</span>
        ),
      title: (v) => attachment(v) || undefined,
    },
    col<V>('snapshot', 'Snapshot', '172px', (v) => v.snapshotId, { ...mono, visible: false }),
    col<V>('encrypted', 'Encrypted', '76px', (v) => (v.encrypted ? 'yes' : 'no'), {
      visible: false,
    }),
    dateCol<V>('created', 'Created', (v) => v.createTime),
    tagsCol<V>(false),
    ...scopeCols<V>(),
  ],
  searchText: (v) =>
    [
      v.name,
      v.volumeId,
      v.state,
      v.volumeType,
      v.availabilityZone,
      attachment(v),
      v.snapshotId,
      v.region,
      tagsText(v.tags),
    ].join(' '),
  create: (scope) => [
    { label: 'Create volume…', testId: 'ec2-create-volume', run: () => createVolume(scope) },
  ],
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    return [
      ...(one
        ? [
            {
              id: 'attach',
              label: 'Attach to instance…',
              testId: 'ec2-action-attach-volume',
              disabled: one.state !== 'available',
              onSelect: () => attachVolume(one),
            },
            {
              id: 'detach',
              label: 'Detach…',
              testId: 'ec2-action-detach',
              disabled: one.attachments.length === 0,
              onSelect: () => detachVolume(one),
            },
            {
              id: 'snapshot',
              label: 'Create snapshot…',
              testId: 'ec2-action-snapshot',
              onSelect: () => snapshotVolume(one),
            },
          ]
        : []),
      { id: 'tags', label: 'Edit tags…', onSelect: () => editTags('volumes', rows) },
      { separator: true, id: 's1' },
      {
        id: 'delete',
        label: 'Delete…',
        danger: true,
        testId: 'ec2-action-delete-volume',
        disabled: !one || one.state !== 'available',
        onSelect: () => one && deleteVolume(one),
      },
    ];
  },
  details: (v) => (
    <>
      <Kv
        rows={[
          ['Volume', m(v.volumeId, true)],
          ['State', <State state={v.state} tone={volumeTone(v.state)} />],
          ['Size', `${v.sizeGiB} GiB`],
          ['Type', `${v.volumeType}${v.iops ? ` · ${v.iops} IOPS` : ''}`],
          ['Zone', m(v.availabilityZone)],
          ['Encrypted', v.encrypted ? 'yes' : 'no'],
          ['From snapshot', m(v.snapshotId)],
          ['Account / region', `${v.account} / ${v.region}`],
        ]}
      />
      <h3>Attachments</h3>
      {v.attachments.length ? (
        <div className="attach-list">
          {v.attachments.map((a) => (
            <div key={a.instanceId}>
              <span className="mono">{a.instanceId}</span> as{' '}
              <span className="mono">{a.device}</span> <State state={a.state} />
              <div className="faint">
                {a.deleteOnTermination
                  ? 'deleted with the instance'
                  : 'kept when the instance terminates'}
              </div>
            </div>
          ))}
        </div>
      ) : (
        <p className="faint">Not attached.</p>
      )}
      <h3>Tags</h3>
      <TagList tags={v.tags} />
    </>
  ),
};
