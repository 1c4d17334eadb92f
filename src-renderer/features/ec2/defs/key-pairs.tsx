import type { Row } from '../model/kinds';
import { createKeyPair, deleteKeyPair, importKeyPair } from '../resource-actions';
import { Kv, m, TagList, col, dateCol, mono, scopeCols, tagsCol, tagsText } from './cells';
import type { ResourceDef } from './types';

type K = Row<'keyPairs'>;

export const keyPairsDef: ResourceDef<'keyPairs'> = {
  kind: 'keyPairs',
  noun: { one: 'key pair', many: 'key pairs' },
  testName: (k) => k.keyName,
  columns: [
    col<K>('name', 'Name', 'minmax(160px, 1.2fr)', (k) => k.keyName, { className: 'strong' }),
    col<K>('id', 'Key pair id', '170px', (k) => k.keyPairId, mono),
    col<K>('type', 'Type', '76px', (k) => k.keyType, { facet: (k) => k.keyType }),
    col<K>('fingerprint', 'Fingerprint', 'minmax(240px, 2fr)', (k) => k.fingerprint, mono),
    dateCol<K>('created', 'Created', (k) => k.createdAt),
    tagsCol<K>(),
    ...scopeCols<K>(),
  ],
  searchText: (k) => [k.keyName, k.keyPairId, k.fingerprint, k.region, tagsText(k.tags)].join(' '),
  create: (scope) => [
    { label: 'Create key pair…', testId: 'ec2-create-key', run: () => createKeyPair(scope) },
    { label: 'Import public key…', testId: 'ec2-import-key', run: () => importKeyPair(scope) },
  ],
  menu(rows) {
    const one = rows[0]!;
    return [
      { id: 'create', label: 'Create key pair…', onSelect: () => createKeyPair(one) },
      { id: 'import', label: 'Import public key…', onSelect: () => importKeyPair(one) },
      { separator: true, id: 's1' },
      {
        id: 'delete',
        label: `Delete ${one.keyName}…`,
        danger: true,
        testId: 'ec2-action-delete-key',
        disabled: rows.length !== 1,
        onSelect: () => deleteKeyPair(one),
      },
    ];
  },
  details: (k) => (
    <>
      <Kv
        rows={[
          ['Name', m(k.keyName, true)],
          ['Id', m(k.keyPairId)],
          ['Type', k.keyType],
          ['Fingerprint', m(k.fingerprint, true)],
          ['Account / region', `${k.account} / ${k.region}`],
        ]}
      />
      <p className="faint">
        Private keys of pairs created in Opsdeck are kept (0600) in its data folder, named
        account-region-name.pem, and offered when you SSH to an instance using the pair.
      </p>
      <h3>Tags</h3>
      <TagList tags={k.tags} />
    </>
  ),
};
