import type { Core } from '../../core/create-core';
import * as ec2 from '../../core/aws';
import * as launch from '../../core/aws/launch';
import { listInstances } from '../../core/aws/resources/instances';
import type { Handlers } from '../router';

type Ec2Method = Extract<keyof Handlers, `ec2.${string}`>;

/**
 * EC2: thin bindings of the contract to core.aws and the actions (all logic lives in the core;
 * the core announces every change as `ec2.changed`, whichever door or workflow made it).
 */
export function ec2Handlers(core: Core): Pick<Handlers, Ec2Method> {
  return bindings(core);
}

function bindings(core: Core): Pick<Handlers, Ec2Method> {
  const aws = core.aws;
  return {
    'ec2.profiles': () => aws.profiles(),
    'ec2.accounts.list': () => aws.accounts.list(),
    'ec2.accounts.add': (input) => aws.addAccount(input),
    'ec2.accounts.remove': async ({ account }) => ({
      removed: (await aws.removeAccount(account)).id,
    }),
    'ec2.accounts.test': ({ account, region }) => aws.test(account, region),
    'ec2.regions': ({ account }) => aws.regions(account),
    'ec2.zones': (p) => aws.zones(p),
    'ec2.instances': (p) => aws.instances(p),
    'ec2.images': (p) => aws.images(p),
    'ec2.keyPairs': (p) => aws.keyPairs(p),
    'ec2.securityGroups': (p) => aws.securityGroups(p),
    'ec2.volumes': (p) => aws.volumes(p),
    'ec2.snapshots': (p) => aws.snapshots(p),
    'ec2.addresses': (p) => aws.addresses(p),
    'ec2.cancel': ({ requestId }) => ({ cancelled: aws.cancel(requestId) }),

    'ec2.instances.start': (p, call) =>
      ec2.startInstances(aws.context(p, call.door), p.instanceIds),
    'ec2.instances.stop': (p, call) =>
      ec2.stopInstances(aws.context(p, call.door), p.instanceIds, p.force),
    'ec2.instances.reboot': (p, call) =>
      ec2.rebootInstances(aws.context(p, call.door), p.instanceIds),
    'ec2.instances.terminate': (p, call) =>
      ec2.terminateInstances(aws.context(p, call.door), p.instanceIds, p.confirm),
    'ec2.instances.launchPreview': (p) => launch.previewLaunch(aws.scope(p.account, p.region), p),
    'ec2.instances.launch': (p, call) => launch.launchInstances(aws.context(p, call.door), p),
    'ec2.userData.templates': () => [...launch.USER_DATA_TEMPLATES],
    'ec2.userData.render': (p) => launch.renderTemplate(p),
    'ec2.instances.sshTarget': (p, call) =>
      launch.sshTarget(aws.context(p, call.door), core.hosts, p.instanceId),
    'ec2.instances.waitRunning': (p, call) => {
      const scope = aws.scope(p.account, p.region, call.signal);
      return launch.waitForInstancesRunning((ids) => listInstances(scope, ids), {
        instanceIds: p.instanceIds,
        timeoutMs: p.timeoutSec * 1000,
        ...(call.signal ? { signal: call.signal } : {}),
      });
    },
    'ec2.instances.waitForSsh': (p, call) =>
      launch.waitForInstanceSsh(aws.context(p, call.door), core.hosts, {
        instanceId: p.instanceId,
        port: p.port,
        timeoutMs: p.timeoutSec * 1000,
        ...(call.signal ? { signal: call.signal } : {}),
      }),
    'ec2.instances.addToInventory': (p, call) =>
      launch.addToInventory(aws.context(p, call.door), core.hosts, p),
    'ec2.instances.consoleOutput': (p, call) =>
      ec2.consoleOutput(aws.context(p, call.door), p.instanceId, p.latest),
    'ec2.tags.update': (p, call) =>
      ec2.updateTags(aws.context(p, call.door), p.resourceIds, p.set, p.remove),

    'ec2.keyPairs.create': (p, call) =>
      ec2.createKeyPair(aws.context(p, call.door), p.keyName, p.keyType),
    'ec2.keyPairs.import': (p, call) =>
      ec2.importKeyPair(aws.context(p, call.door), p.keyName, p.publicKey),
    'ec2.keyPairs.delete': (p, call) =>
      ec2.deleteKeyPair(aws.context(p, call.door), p.keyName, p.confirm),

    'ec2.securityGroups.authorizeIngress': (p, call) =>
      ec2.authorizeIngress(aws.context(p, call.door), p.groupId, p.rules),
    'ec2.securityGroups.revokeIngress': (p, call) =>
      ec2.revokeIngress(aws.context(p, call.door), p.groupId, p.rules),
    'ec2.securityGroups.replaceCidr': async (p, call) => {
      const { rows, failedRegions } = await aws.securityGroups(p);
      return ec2.replaceCidr({
        from: p.from,
        to: p.to,
        plan: p.plan,
        ...(p.confirm !== undefined ? { confirm: p.confirm } : {}),
        groups: rows,
        failedRegions,
        contextFor: (region) => aws.context({ account: p.account, region }, call.door),
      });
    },

    'ec2.volumes.create': (p, call) => ec2.createVolume(aws.context(p, call.door), p),
    'ec2.volumes.attach': (p, call) =>
      ec2.attachVolume(aws.context(p, call.door), p.volumeId, p.instanceId, p.device),
    'ec2.volumes.detach': (p, call) =>
      ec2.detachVolume(aws.context(p, call.door), p.volumeId, p.instanceId, p.force),
    'ec2.volumes.delete': (p, call) =>
      ec2.deleteVolume(aws.context(p, call.door), p.volumeId, p.confirm),
    'ec2.snapshots.create': (p, call) =>
      ec2.createSnapshot(aws.context(p, call.door), p.volumeId, p.description, p.name),
    'ec2.snapshots.delete': (p, call) =>
      ec2.deleteSnapshot(aws.context(p, call.door), p.snapshotId, p.confirm),

    'ec2.addresses.allocate': (p, call) => ec2.allocateAddress(aws.context(p, call.door), p.name),
    'ec2.addresses.associate': (p, call) =>
      ec2.associateAddress(
        aws.context(p, call.door),
        p.allocationId,
        p.instanceId,
        p.allowReassociation,
      ),
    'ec2.addresses.move': (p, call) =>
      ec2.moveAddress(aws.context(p, call.door), p.allocationId, p.instanceId),
    'ec2.addresses.disassociate': (p, call) =>
      ec2.disassociateAddress(aws.context(p, call.door), p.allocationId),
    'ec2.addresses.release': (p, call) =>
      ec2.releaseAddress(aws.context(p, call.door), p.allocationId, p.confirm),
  };
}
