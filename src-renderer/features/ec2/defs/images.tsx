import type { Row } from '../model/kinds';
import { copyText, openLaunch } from '../instance-actions';
import { editTags } from '../resource-actions';
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

type A = Row<'images'>;
const owner = (a: A) => a.ownerAlias || a.ownerId;

export const imagesDef: ResourceDef<'images'> = {
  kind: 'images',
  noun: { one: 'AMI', many: 'AMIs' },
  testName: (a) => a.imageId,
  empty: 'No AMI matches. Change the owner, name or architecture above.',
  columns: [
    col<A>('name', 'Name', 'minmax(300px, 3fr)', (a) => a.name, { className: 'strong' }),
    col<A>('id', 'AMI', '170px', (a) => a.imageId, mono),
    stateCol((a: A) => a.state),
    col<A>('arch', 'Arch', '70px', (a) => a.architecture, {
      ...mono,
      facet: (a) => a.architecture,
    }),
    col<A>('owner', 'Owner', '110px', owner, { facet: owner }),
    col<A>('visibility', 'Visibility', '76px', (a) => (a.public ? 'public' : 'private'), {
      facet: (a) => (a.public ? 'public' : 'private'),
    }),
    dateCol<A>('created', 'Created', (a) => a.creationDate),
    col<A>('platform', 'Platform', '96px', (a) => a.platform, { visible: false }),
    col<A>('root', 'Root device', '82px', (a) => a.rootDeviceType, { visible: false }),
    col<A>('description', 'Description', 'minmax(160px, 2fr)', (a) => a.description),
    tagsCol<A>(false),
    ...scopeCols<A>(),
  ],
  searchText: (a) =>
    [a.name, a.imageId, a.description, owner(a), a.architecture, a.region, tagsText(a.tags)].join(
      ' ',
    ),
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    return [
      ...(one
        ? [
            {
              id: 'launch',
              label: 'Launch instance from this AMI…',
              testId: 'ec2-action-launch-ami',
              onSelect: () =>
                openLaunch({ account: one.account, region: one.region, imageId: one.imageId }),
            },
            { id: 'copy', label: 'Copy AMI id', onSelect: () => void copyText(one.imageId) },
          ]
        : []),
      { id: 'tags', label: 'Edit tags…', onSelect: () => editTags('images', rows) },
    ];
  },
  details: (a) => (
    <>
      <Kv
        rows={[
          ['AMI', m(a.imageId, true)],
          ['Name', a.name],
          ['Description', a.description],
          ['State', <State state={a.state} />],
          ['Owner', `${a.ownerAlias ? `${a.ownerAlias} ` : ''}${a.ownerId}`],
          ['Architecture', a.architecture],
          ['Platform', a.platform],
          ['Root device', a.rootDeviceType],
          ['Virtualization', a.virtualizationType],
          ['Public', a.public ? 'yes' : 'no'],
          ['Account / region', `${a.account} / ${a.region}`],
        ]}
      />
      <h3>Tags</h3>
      <TagList tags={a.tags} />
    </>
  ),
};
