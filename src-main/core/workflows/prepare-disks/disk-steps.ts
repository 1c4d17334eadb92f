import { OpsdeckError, layoutProblem, type DiskLayout, type Host } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import type { OutputOf, Step, StepContext } from '../engine/definition';
import { assessDevices } from './device-rules';
import { fstabStatus } from './fstab';
import { layoutNames } from './layout';
import { decideMountpoint } from './mountpoint';
import { checkSudo } from './remote';
import { DISK_PREFLIGHT, type AnyCtx, type DiskJob, type JobOf } from './step-context';
import { filesystemSteps } from './steps-filesystem';
import { volumeSteps } from './steps-volume';
import { filesystemBlockDevice, probeSignatures, surveyHost, type HostDisks } from './survey';

export type { DiskJob } from './step-context';

/**
 * The SSH half: preflight (changes nothing, refuses what is in use), RAID0, mdadm.conf, LVM,
 * filesystem, /etc/fstab by UUID with nofail, mount, owner, read-ahead, and a remount from
 * fstab to prove it. Each step checks first, so a re-run skips what is there; `job` says what
 * to work on (prepare-disks: the params; provision-volumes: the devices it discovered).
 */
export function diskSteps<P>(job: (ctx: StepContext<P>) => DiskJob): Step<P>[] {
  const steps: Step<AnyCtx['params']>[] = [
    preflightStep(job as JobOf),
    ...[...volumeSteps, ...filesystemSteps].map((make) => make(job as JobOf)),
  ];
  return steps as Step<P>[];
}

function preflightStep(job: JobOf): Step<unknown, OutputOf<typeof DISK_PREFLIGHT>> {
  return {
    ...DISK_PREFLIGHT,
    title: 'Check the host, its devices and the mountpoint',
    async run(ctx) {
      const j = job(ctx);
      const { host, layout } = j;
      await checkSudo(ctx, host);
      const disks = await surveyHost(ctx, host, layout);
      requireSupport(host, layout, disks);
      const names = layoutNames(layout);
      let devices = j.devices;
      if (!j.pending) {
        const fsDevice = filesystemBlockDevice(disks, layout, devices);
        disks.devices = await probeSignatures(ctx, host, disks.devices, [
          ...devices,
          ...(fsDevice ? [fsDevice.path] : []),
        ]);
        const problem = layoutProblem(layout, devices.length);
        if (problem)
          throw new OpsdeckError(
            'INVALID_PARAMS',
            `${problem}.`,
            'Change the layout or the devices.',
          );
        const verdicts = assessDevices(host.name, disks.devices, devices, layout, {
          mdName: disks.mdName,
          pvGroups: disks.pvGroups,
        });
        devices = verdicts.map((v) => v.path);
        for (const v of verdicts) {
          const d = disks.devices.find((x) => x.path === v.path);
          ctx.log(
            `${host.name}: ${v.path} (${Math.round((d?.sizeBytes ?? 0) / 2 ** 20)} MiB) ${v.kind === 'ours' ? 'already carries this layout' : 'is blank'}`,
          );
        }
      }
      const fs = j.pending ? undefined : filesystemBlockDevice(disks, layout, devices);
      const ours =
        fs?.fstype === layout.filesystem && fs.label === names.label ? fs.uuid : undefined;
      decideMountpoint(host.name, layout.mountpoint, disks.mountpoint, {
        ours,
        allowNonEmpty: layout.allowNonEmptyMountpoint,
      });
      fstabStatus(host.name, disks.fstab, ours, layout.mountpoint);
      if (layout.owner) await requireOwner(ctx, host, layout.owner);
      ctx.log(
        `${host.name}: ${[layout.raid0 && 'RAID0', layout.lvm && 'LVM', layout.filesystem].filter(Boolean).join(' + ')} at ${layout.mountpoint}`,
      );
      return { devices };
    },
  };
}

function requireSupport(host: Host, layout: DiskLayout, disks: HostDisks) {
  const missing = (tool: string, pkg: string) => {
    if (!disks.tools.has(tool))
      throw new OpsdeckError(
        'WORKFLOW_STEP_FAILED',
        `${tool} is not installed on ${host.name}.`,
        `Install ${pkg} on ${host.name} (apt-get install ${pkg} / dnf install ${pkg}), then resume.`,
      );
  };
  missing(`mkfs.${layout.filesystem}`, layout.filesystem === 'xfs' ? 'xfsprogs' : 'e2fsprogs');
  missing('blkid', 'util-linux');
  missing('findmnt', 'util-linux');
  if (layout.readaheadKiB !== undefined) missing('blockdev', 'util-linux');
  if (layout.raid0) {
    missing('mdadm', 'mdadm');
    if (!disks.md)
      throw new OpsdeckError(
        'WORKFLOW_STEP_FAILED',
        `The kernel on ${host.name} has no md (software RAID) driver: /proc/mdstat is missing and md_mod cannot be loaded.`,
        'Use a kernel with md support (modprobe raid0), or run without RAID0 (LVM striping also spreads I/O over the volumes).',
      );
  }
  if (layout.lvm) {
    missing('lvm', 'lvm2');
    if (!disks.dm)
      throw new OpsdeckError(
        'WORKFLOW_STEP_FAILED',
        `The kernel on ${host.name} has no device-mapper (/dev/mapper/control is missing), which LVM needs.`,
        'Load it (modprobe dm_mod) or run without LVM.',
      );
  }
}

async function requireOwner(ctx: AnyCtx, host: Host, owner: string) {
  const [user, group] = owner.split(':');
  const check = `id -u ${q(user ?? '')}${group ? ` && getent group ${q(group)}` : ''}`;
  const r = await ctx.ssh.read(host, check, { okCodes: [0, 1, 2] });
  if (r.code !== 0)
    throw new OpsdeckError(
      'NOT_FOUND',
      `${owner} does not exist on ${host.name}.`,
      'Create the user (e.g. install MySQL first), or leave the owner out, then resume.',
    );
}
