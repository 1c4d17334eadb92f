import type { Command } from 'commander';
import type {
  Ec2Address,
  Ec2Image,
  Ec2Instance,
  Ec2KeyPair,
  Ec2Rule,
  Ec2SecurityGroup,
  Ec2Snapshot,
  Ec2Volume,
  Ec2Zone,
  MethodName,
} from '../../contract';
import { csvRepeatable } from './list-option';

const ports = (r: Pick<Ec2Rule, 'protocol' | 'fromPort' | 'toPort'>) =>
  r.protocol === '-1'
    ? 'all'
    : r.fromPort === r.toPort || r.toPort === undefined
      ? `${r.protocol}/${r.fromPort ?? '*'}`
      : `${r.protocol}/${r.fromPort}-${r.toPort}`;

const day = (iso: string) => iso.replace('T', ' ').slice(0, 16);

export type Row = Record<string, unknown>;

/** How `opsdeck ec2 <table>` prints a resource table, and its extra options. */
export interface TableSpec {
  method: MethodName;
  description: string;
  headers: string[];
  cells(row: never): string[];
  extra?: (cmd: Command) => Command;
  /** The name in the contract, when it differs (`key-pairs create` finds this table). */
  alias?: string;
  params?: (opts: Record<string, unknown>) => Record<string, unknown>;
}

export const TABLES: Record<string, TableSpec> = {
  instances: {
    method: 'ec2.instances',
    description: 'Instances: Name, id, state, type, zone, addresses, key, groups, AMI, launch time',
    headers: [
      'NAME',
      'ID',
      'STATE',
      'TYPE',
      'AZ',
      'PUBLIC IP',
      'PRIVATE IP',
      'KEY',
      'GROUPS',
      'AMI',
      'LAUNCHED',
    ],
    cells: (i: Ec2Instance) => [
      i.name,
      i.instanceId,
      i.state,
      i.instanceType,
      i.availabilityZone,
      i.publicIp,
      i.privateIp,
      i.keyName,
      i.securityGroups.map((g) => g.name || g.id).join(','),
      i.imageId,
      day(i.launchTime),
    ],
  },
  volumes: {
    method: 'ec2.volumes',
    description: 'EBS volumes: size, type, state, zone, attachment',
    headers: ['ID', 'NAME', 'SIZE', 'TYPE', 'STATE', 'AZ', 'ATTACHMENT'],
    cells: (v: Ec2Volume) => [
      v.volumeId,
      v.name,
      `${v.sizeGiB} GiB`,
      v.volumeType,
      v.state,
      v.availabilityZone,
      v.attachments.map((a) => `${a.instanceId}:${a.device} (${a.state})`).join(', '),
    ],
  },
  snapshots: {
    method: 'ec2.snapshots',
    description: 'EBS snapshots: volume, progress, start time (yours unless --owner)',
    headers: ['ID', 'NAME', 'VOLUME', 'SIZE', 'STATE', 'PROGRESS', 'STARTED', 'DESCRIPTION'],
    cells: (s: Ec2Snapshot) => [
      s.snapshotId,
      s.name,
      s.volumeId,
      `${s.volumeSizeGiB} GiB`,
      s.state,
      s.progress,
      day(s.startTime),
      s.description,
    ],
    extra: (cmd) =>
      cmd.option(
        '--owner <ids>',
        'owners: self, amazon or account ids (comma-separated)',
        csvRepeatable,
      ),
    params: (o) => (o.owner ? { owners: o.owner } : {}),
  },
  images: {
    method: 'ec2.images',
    description: 'AMIs (yours unless --owner), filtered by name and architecture',
    headers: ['ID', 'NAME', 'OWNER', 'ARCH', 'STATE', 'PUBLIC', 'CREATED'],
    cells: (i: Ec2Image) => [
      i.imageId,
      i.name,
      i.ownerAlias || i.ownerId,
      i.architecture,
      i.state,
      i.public ? 'yes' : '',
      day(i.creationDate),
    ],
    extra: (cmd) =>
      cmd
        .option(
          '--owner <ids>',
          'owners: self, amazon, aws-marketplace or account ids',
          csvRepeatable,
        )
        .option('--name <pattern>', 'name contains (or a pattern with * and ?)')
        .option('--arch <arch>', 'x86_64 | arm64 | i386'),
    params: (o) => ({
      ...(o.owner ? { owners: o.owner } : {}),
      ...(o.name ? { name: o.name } : {}),
      ...(o.arch ? { architecture: o.arch } : {}),
    }),
  },
  keypairs: {
    method: 'ec2.keyPairs',
    alias: 'key-pairs',
    description: 'Key pairs',
    headers: ['NAME', 'ID', 'TYPE', 'FINGERPRINT', 'CREATED'],
    cells: (k: Ec2KeyPair) => [k.keyName, k.keyPairId, k.keyType, k.fingerprint, day(k.createdAt)],
  },
  groups: {
    method: 'ec2.securityGroups',
    alias: 'security-groups',
    description: 'Security groups with their ingress rules',
    headers: ['ID', 'NAME', 'VPC', 'INGRESS'],
    cells: (g: Ec2SecurityGroup) => [
      g.groupId,
      g.groupName,
      g.vpcId,
      g.ingress.map((r) => `${ports(r)} ${r.source}`).join('; '),
    ],
  },
  addresses: {
    method: 'ec2.addresses',
    description: 'Elastic IPs and what they are associated with',
    headers: ['PUBLIC IP', 'ALLOCATION', 'INSTANCE', 'PRIVATE IP', 'NAME'],
    cells: (a: Ec2Address) => [a.publicIp, a.allocationId, a.instanceId, a.privateIp, a.name],
  },
  zones: {
    method: 'ec2.zones',
    description: 'Availability zones and their state',
    headers: ['ZONE', 'ID', 'STATE', 'MESSAGES'],
    cells: (z: Ec2Zone) => [z.name, z.zoneId, z.state, z.messages.join('; ')],
  },
};
