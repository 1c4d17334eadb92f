/** Actions on volumes, snapshots, key pairs, security groups and elastic IPs. */
import type { Ec2Rule } from '../../../src-main/contract';
import { client } from '../../api';
import { confirmAction, openEc2Dialog, type Scope } from './dialogs-store';
import type { AnyRow, Ec2Kind, Row } from './model/kinds';
import { labelOf } from './model/kinds';
import { whereText } from './scope-util';

const scopeOf = (r: { account: string; region: string }) => ({
  account: r.account,
  region: r.region,
});

export const editTags = (resource: Ec2Kind, rows: AnyRow[]) =>
  openEc2Dialog({ kind: 'tags', resource, rows });

// Volumes
export const createVolume = (scope: Scope, zone?: string) =>
  openEc2Dialog({ kind: 'volume-create', scope, ...(zone ? { zone } : {}) });
export const attachVolume = (volume: Row<'volumes'>) =>
  openEc2Dialog({ kind: 'volume-attach', volume });
export const snapshotVolume = (volume: Row<'volumes'>) =>
  openEc2Dialog({ kind: 'snapshot-create', volume });
export const volumeFromSnapshot = (snapshot: Row<'snapshots'>) =>
  openEc2Dialog({ kind: 'volume-create', scope: scopeOf(snapshot), snapshot });

export function detachVolume(v: Row<'volumes'>): void {
  const a = v.attachments[0];
  confirmAction({
    title: `Detach ${labelOf('volumes', v)}?`,
    verb: 'Detach',
    what: `This volume will be detached${a ? ` from ${a.instanceId} (${a.device})` : ''}. Unmount it on the instance first, or data in flight is lost:`,
    items: [
      {
        id: v.volumeId,
        label: labelOf('volumes', v),
        detail: `${v.sizeGiB} GiB ${v.volumeType} · ${v.availabilityZone}`,
      },
    ],
    where: whereText([v]),
    option: {
      label: 'Force',
      hint: 'Only when a normal detach is stuck: the file system may be damaged.',
    },
    testId: 'confirm-detach',
    async run({ option }) {
      await client.call('ec2.volumes.detach', {
        ...scopeOf(v),
        volumeId: v.volumeId,
        ...(a ? { instanceId: a.instanceId } : {}),
        force: option,
      });
      return `Detaching ${v.volumeId}`;
    },
  });
}

export function deleteVolume(v: Row<'volumes'>): void {
  confirmAction({
    title: `Delete volume ${labelOf('volumes', v)}?`,
    verb: `Delete ${v.name || v.volumeId}`,
    what: 'This volume and all data on it will be deleted. Snapshots of it are kept:',
    items: [
      {
        id: v.volumeId,
        label: labelOf('volumes', v),
        detail: `${v.sizeGiB} GiB ${v.volumeType} · ${v.state}`,
      },
    ],
    where: whereText([v]),
    danger: true,
    typed: {
      accepted: [v.volumeId, v.name].filter(Boolean),
      prompt: `Type the volume id${v.name ? ` or its Name (${v.name})` : ` (${v.volumeId})`} to confirm`,
    },
    testId: 'confirm-delete-volume',
    async run({ confirm }) {
      await client.call('ec2.volumes.delete', { ...scopeOf(v), volumeId: v.volumeId, confirm });
      return `Deleting ${v.volumeId}`;
    },
  });
}

export function deleteSnapshot(s: Row<'snapshots'>): void {
  confirmAction({
    title: `Delete snapshot ${labelOf('snapshots', s)}?`,
    verb: `Delete ${s.name || s.snapshotId}`,
    what: 'This snapshot will be deleted; volumes created from it are not affected:',
    items: [
      {
        id: s.snapshotId,
        label: labelOf('snapshots', s),
        detail: `${s.volumeSizeGiB} GiB from ${s.volumeId || '?'}`,
      },
    ],
    where: whereText([s]),
    danger: true,
    typed: {
      accepted: [s.snapshotId, s.name].filter(Boolean),
      prompt: `Type the snapshot id${s.name ? ` or its Name (${s.name})` : ''} to confirm`,
    },
    testId: 'confirm-delete-snapshot',
    async run({ confirm }) {
      await client.call('ec2.snapshots.delete', {
        ...scopeOf(s),
        snapshotId: s.snapshotId,
        confirm,
      });
      return `Deleted ${s.snapshotId}`;
    },
  });
}

// Key pairs
export const createKeyPair = (scope: Scope) => openEc2Dialog({ kind: 'key-create', scope });
export const importKeyPair = (scope: Scope) => openEc2Dialog({ kind: 'key-import', scope });

export function deleteKeyPair(k: Row<'keyPairs'>): void {
  confirmAction({
    title: `Delete key pair ${k.keyName}?`,
    verb: `Delete ${k.keyName}`,
    what: 'This key pair will be deleted from EC2. Instances launched with it keep accepting the key; new launches cannot use it:',
    items: [{ id: k.keyName, label: k.keyName, detail: `${k.keyType} · ${k.fingerprint}` }],
    where: whereText([k]),
    danger: true,
    typed: {
      accepted: [k.keyName, k.keyPairId].filter(Boolean),
      prompt: `Type the key pair name (${k.keyName}) to confirm`,
    },
    testId: 'confirm-delete-key',
    async run({ confirm }) {
      await client.call('ec2.keyPairs.delete', { ...scopeOf(k), keyName: k.keyName, confirm });
      return `Deleted key pair ${k.keyName}`;
    },
  });
}

// Security groups
export const addRule = (group: Row<'securityGroups'>) => openEc2Dialog({ kind: 'rule', group });
export const replaceCidr = (scope: Scope, allRegions: boolean, from?: string) =>
  openEc2Dialog({ kind: 'replace-cidr', scope, allRegions, ...(from ? { from } : {}) });

export const ruleText = (r: Ec2Rule) => {
  const proto = r.protocol === '-1' ? 'all traffic' : r.protocol;
  const ports =
    r.fromPort === undefined || r.protocol === '-1'
      ? ''
      : r.fromPort === r.toPort
        ? ` ${r.fromPort}`
        : ` ${r.fromPort}–${r.toPort}`;
  return `${proto}${ports} from ${r.source}`;
};

export function revokeRule(g: Row<'securityGroups'>, rule: Ec2Rule): void {
  if (rule.sourceKind === 'prefix-list') return;
  confirmAction({
    title: `Remove an inbound rule of ${g.groupName}?`,
    verb: 'Remove rule',
    what: `This inbound rule of ${g.groupId} (${g.groupName}) will be removed; connections it allowed are refused from then on:`,
    items: [
      {
        id: `${g.groupId}-rule`,
        label: ruleText(rule),
        ...(rule.description ? { detail: rule.description } : {}),
      },
    ],
    where: whereText([g]),
    testId: 'confirm-revoke',
    async run() {
      await client.call('ec2.securityGroups.revokeIngress', {
        ...scopeOf(g),
        groupId: g.groupId,
        rules: [
          {
            protocol: rule.protocol as 'tcp',
            ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
            ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
            source: rule.source,
          },
        ],
      });
      return `Removed ${ruleText(rule)} from ${g.groupName}`;
    },
  });
}

// Elastic IPs
export const allocateAddress = (scope: Scope) => openEc2Dialog({ kind: 'address-allocate', scope });
export const associateAddress = (address: Row<'addresses'>) =>
  openEc2Dialog({ kind: 'address-associate', address });

export function disassociateAddress(a: Row<'addresses'>): void {
  confirmAction({
    title: `Disassociate ${a.publicIp}?`,
    verb: 'Disassociate',
    what: `${a.publicIp} will be detached from ${a.instanceId || a.networkInterfaceId}; the instance gets no public IP of its own until it is stopped and started:`,
    items: [
      {
        id: a.allocationId,
        label: labelOf('addresses', a),
        detail: `on ${a.instanceId} (${a.privateIp})`,
      },
    ],
    where: whereText([a]),
    testId: 'confirm-disassociate',
    async run() {
      await client.call('ec2.addresses.disassociate', {
        ...scopeOf(a),
        allocationId: a.allocationId,
      });
      return `Disassociated ${a.publicIp}`;
    },
  });
}

export function releaseAddress(a: Row<'addresses'>): void {
  confirmAction({
    title: `Release ${a.publicIp}?`,
    verb: `Release ${a.publicIp}`,
    what: 'This elastic IP goes back to AWS; you will probably never get the same address again:',
    items: [{ id: a.allocationId, label: labelOf('addresses', a), detail: a.allocationId }],
    where: whereText([a]),
    danger: true,
    typed: {
      accepted: [a.publicIp, a.allocationId, a.name].filter(Boolean),
      prompt: `Type the address (${a.publicIp}) to confirm`,
    },
    testId: 'confirm-release',
    async run({ confirm }) {
      await client.call('ec2.addresses.release', {
        ...scopeOf(a),
        allocationId: a.allocationId,
        confirm,
      });
      return `Released ${a.publicIp}`;
    },
  });
}
