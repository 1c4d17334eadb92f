import {
  OpsdeckError,
  type Ec2Volume,
  type Host,
  type ProvisionVolumesParams,
} from '../../../contract';
import { hostOfInstance } from '../../aws/launch/host-of-instance';
import { z } from 'zod';
import { outputOf, type OutputOf, type Step, type StepContext } from '../engine/definition';
import {
  BY_ID_COMMAND,
  LSBLK_COMMAND,
  parseByIdLinks,
  parseLsblk,
} from '../prepare-disks/block-devices';
import { diskSteps } from '../prepare-disks/disk-steps';
import { findEbsDevice } from '../prepare-disks/ebs-devices';
import { rootRead } from '../prepare-disks/remote';
import { waitFor, type Timing } from './wait-for';

type Ctx = StepContext<ProvisionVolumesParams>;

/** The devices find-devices found (or, in a plan before they exist, placeholders: pending). */
const FOUND = outputOf(
  'find-devices',
  z.object({ devices: z.array(z.string()), pending: z.boolean() }),
);

/** The inventory host to prepare: disk.hostId, else the host made from the instance. */
function diskHost(ctx: Ctx, hosts: () => readonly Host[]): Host {
  const p = ctx.params;
  if (p.disk?.hostId) return ctx.host(p.disk.hostId);
  const host = hostOfInstance(hosts(), p.instanceId);
  if (!host)
    throw new OpsdeckError(
      'NOT_FOUND',
      `No inventory host is tied to ${p.instanceId}, so Opsdeck cannot SSH to it to prepare the disks.`,
      'Add the instance to the inventory (SSH from its row, or ec2.instances.addToInventory), or name the host (disk.hostId / --host), then resume.',
    );
  return host;
}

const attachedTo = (v: Ec2Volume | undefined, instanceId: string) =>
  v?.attachments.some((a) => a.instanceId === instanceId && a.state === 'attached') ?? false;

/**
 * The SSH half of provisioning: find each attached volume on the host (NVMe serial, Xen name,
 * or the attach name), then the prepare-disks steps on those devices. Without `disk` in the
 * params none of these steps is requested (plans and runs say so).
 */
export function diskHalfSteps(deps: {
  volumes(ctx: Ctx): Promise<Map<string, Ec2Volume>>;
  timing: Timing;
  hosts: () => readonly Host[];
}): Step<ProvisionVolumesParams>[] {
  const findDevices: Step<ProvisionVolumesParams, OutputOf<typeof FOUND>> = {
    ...FOUND,
    title: 'Find the volumes on the host',
    async run(ctx) {
      const p = ctx.params;
      const host = diskHost(ctx, deps.hosts);
      const volumes = await deps.volumes(ctx);
      if (ctx.dryRun && !p.volumes.every((v) => attachedTo(volumes.get(v.device), p.instanceId))) {
        // Planning before the volumes exist: the device names are known once they are attached.
        return {
          devices: p.volumes.map((v) => `<device of the volume attached at ${v.device}>`),
          pending: true,
        };
      }
      let found: string[] = [];
      const lookFor = async () => {
        const [tree, links] = await Promise.all([
          rootRead(ctx, host, LSBLK_COMMAND),
          rootRead(ctx, host, BY_ID_COMMAND),
        ]);
        const devices = parseLsblk(tree.stdout);
        const byId = parseByIdLinks(links.stdout);
        const hits = p.volumes.map((v) => {
          const volumeId = volumes.get(v.device)?.volumeId ?? '';
          return { v, volumeId, hit: findEbsDevice({ volumeId, device: v.device }, devices, byId) };
        });
        if (hits.some((h) => !h.hit)) return false;
        for (const h of hits)
          ctx.log(
            `${h.volumeId} (${h.v.device}) is ${h.hit?.path} on ${host.name} (${h.hit?.via})`,
          );
        found = hits.map((h) => h.hit?.path ?? '');
        return true;
      };
      await waitFor(
        ctx,
        `the volumes to show up on ${host.name}`,
        { pollMs: deps.timing.pollMs, timeoutMs: Math.min(deps.timing.timeoutMs, 180_000) },
        lookFor,
        `Check \`lsblk\` and /dev/disk/by-id on ${host.name}; an instance type without NVMe/Xen names may need the device given to prepare-disks directly. Then resume.`,
      );
      return { devices: found, pending: false };
    },
  };
  const disk = diskSteps<ProvisionVolumesParams>((ctx) => {
    const { hostId: _hostId, ...layout } = ctx.params.disk!;
    return {
      host: diskHost(ctx, deps.hosts),
      layout,
      devices: ctx.find(FOUND)?.devices ?? [],
      pending: ctx.find(FOUND)?.pending === true,
    };
  });
  // Without the disk part (no --mount) nothing on the host was asked for.
  return [findDevices, ...disk].map((step) => ({
    ...step,
    requested: (params: ProvisionVolumesParams) => Boolean(params.disk),
  }));
}
