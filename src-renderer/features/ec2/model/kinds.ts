/** The EC2 resource tables: which contract method lists each, and the row type it returns. */
import type {
  Ec2Address,
  Ec2Image,
  Ec2Instance,
  Ec2KeyPair,
  Ec2SecurityGroup,
  Ec2Snapshot,
  Ec2Volume,
  Ec2Zone,
} from '../../../../src-main/contract';

export interface RowTypes {
  instances: Ec2Instance;
  images: Ec2Image;
  keyPairs: Ec2KeyPair;
  securityGroups: Ec2SecurityGroup;
  volumes: Ec2Volume;
  snapshots: Ec2Snapshot;
  addresses: Ec2Address;
  zones: Ec2Zone;
}
export type Ec2Kind = keyof RowTypes;

/** Every row carries the account it was listed from (several accounts side by side). */
export type Row<K extends Ec2Kind> = RowTypes[K] & { account: string };
export type AnyRow = Row<Ec2Kind>;

export const KINDS: readonly { id: Ec2Kind; label: string; method: `ec2.${string}` }[] = [
  { id: 'instances', label: 'Instances', method: 'ec2.instances' },
  { id: 'images', label: 'AMIs', method: 'ec2.images' },
  { id: 'keyPairs', label: 'Key pairs', method: 'ec2.keyPairs' },
  { id: 'securityGroups', label: 'Security groups', method: 'ec2.securityGroups' },
  { id: 'volumes', label: 'Volumes', method: 'ec2.volumes' },
  { id: 'snapshots', label: 'Snapshots', method: 'ec2.snapshots' },
  { id: 'addresses', label: 'Elastic IPs', method: 'ec2.addresses' },
  { id: 'zones', label: 'Zones', method: 'ec2.zones' },
];

/** The id that names a row in EC2 (what a confirmation asks to type). */
export function resourceId(kind: Ec2Kind, row: AnyRow): string {
  const r = row as unknown as Record<string, string>;
  switch (kind) {
    case 'instances':
      return r.instanceId ?? '';
    case 'images':
      return r.imageId ?? '';
    case 'keyPairs':
      return r.keyName ?? '';
    case 'securityGroups':
      return r.groupId ?? '';
    case 'volumes':
      return r.volumeId ?? '';
    case 'snapshots':
      return r.snapshotId ?? '';
    case 'addresses':
      return r.allocationId || r.publicIp || '';
    case 'zones':
      return r.name ?? '';
  }
}

/** Unique across accounts and regions. */
export const rowKey = (kind: Ec2Kind, row: AnyRow) =>
  `${row.account}/${row.region}/${resourceId(kind, row)}`;

/** `i-0abc (web-1)` — how a resource is named in dialogs and toasts. */
export function labelOf(kind: Ec2Kind, row: AnyRow): string {
  const id = resourceId(kind, row);
  const r = row as unknown as Record<string, unknown>;
  if (kind === 'addresses')
    return r.name ? `${r.publicIp as string} (${r.name as string})` : (r.publicIp as string);
  const name =
    kind === 'securityGroups'
      ? (r.groupName as string)
      : kind === 'images' || kind === 'keyPairs' || kind === 'zones'
        ? ''
        : ((r.name as string) ?? '');
  return name && name !== id ? `${id} (${name})` : id;
}
