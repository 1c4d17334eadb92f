import type { Row } from '../model/kinds';
import { deleteSnapshot, editTags, volumeFromSnapshot } from '../resource-actions';
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

type S = Row<'snapshots'>;
const pct = (s: S) => Number.parseInt(s.progress, 10) || (s.state === 'completed' ? 100 : 0);

function Progress({ s }: { s: S }) {
  const p = pct(s);
  return (
    <span className="cell-status">
      <span className={`meter${s.state === 'error' ? ' tone-crit' : ''}`} aria-hidden="true">
        <span className="meter-fill" style={{ width: `${p}%` }} />
      </span>
      <span className="meter-text">{s.progress || `${p}%`}</span>
    </span>
  );
}

export const snapshotsDef: ResourceDef<'snapshots'> = {
  kind: 'snapshots',
  noun: { one: 'snapshot', many: 'snapshots' },
  testName: (s) => s.name || s.snapshotId,
  columns: [
    col<S>('name', 'Name', 'minmax(150px, 1.2fr)', (s) => s.name, { className: 'strong' }),
    col<S>('id', 'Snapshot', '180px', (s) => s.snapshotId, mono),
    stateCol((s: S) => s.state),
    {
      id: 'progress',
      label: 'Progress',
      width: '136px',
      sortValue: pct,
      render: (s) => <Progress s={s} />,
    },
    col<S>('volume', 'Volume', '172px', (s) => s.volumeId, mono),
    col<S>('size', 'Size', '70px', (s) => s.volumeSizeGiB, {
      align: 'right',
      render: (s) => `${s.volumeSizeGiB} GiB`,
    }),
    dateCol<S>('started', 'Started', (s) => s.startTime),
    col<S>('description', 'Description', 'minmax(160px, 2fr)', (s) => s.description),
    col<S>('encrypted', 'Encrypted', '76px', (s) => (s.encrypted ? 'yes' : 'no'), {
      visible: false,
    }),
    col<S>('owner', 'Owner', '110px', (s) => s.ownerId, { visible: false }),
    tagsCol<S>(false),
    ...scopeCols<S>(),
  ],
  searchText: (s) =>
    [s.name, s.snapshotId, s.volumeId, s.state, s.description, s.region, tagsText(s.tags)].join(
      ' ',
    ),
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    return [
      ...(one
        ? [
            {
              id: 'volume',
              label: 'Create volume from snapshot…',
              testId: 'ec2-action-volume-from-snapshot',
              disabled: one.state !== 'completed',
              onSelect: () => volumeFromSnapshot(one),
            },
          ]
        : []),
      { id: 'tags', label: 'Edit tags…', onSelect: () => editTags('snapshots', rows) },
      { separator: true, id: 's1' },
      {
        id: 'delete',
        label: 'Delete…',
        danger: true,
        testId: 'ec2-action-delete-snapshot',
        disabled: !one,
        onSelect: () => one && deleteSnapshot(one),
      },
    ];
  },
  details: (s) => (
    <>
      <Kv
        rows={[
          ['Snapshot', m(s.snapshotId, true)],
          ['State', <State state={s.state} />],
          ['Progress', <Progress s={s} />],
          ['Volume', m(s.volumeId)],
          ['Size', `${s.volumeSizeGiB} GiB`],
          ['Description', s.description],
          ['Encrypted', s.encrypted ? 'yes' : 'no'],
          ['Owner', s.ownerId],
          ['Account / region', `${s.account} / ${s.region}`],
        ]}
      />
      <h3>Tags</h3>
      <TagList tags={s.tags} />
    </>
  ),
};
