import { OpsdeckError } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import type { Step } from '../engine/definition';
import {
  appendLineCommand,
  lvmCreate,
  lvPresent,
  mdadmBrief,
  mdadmCreate,
  mdadmDetail,
  parseMdDetail,
} from './disk-commands';
import { layoutNames } from './layout';
import { rootRead, rootWrite } from './remote';
import {
  backupOf,
  devicesOf,
  placeholder,
  type AnyCtx,
  type DiskJob,
  type JobOf,
} from './step-context';
import { surveyHost } from './survey';

/** The block layer under the filesystem: an mdadm RAID0 (kept in mdadm.conf) and/or LVM. */
export const volumeSteps: ((job: JobOf) => Step<unknown>)[] = [raidStep, raidConfigStep, lvmStep];

function raidStep(job: JobOf): Step<unknown> {
  const detail = async (ctx: AnyCtx, j: DiskJob) => {
    const names = layoutNames(j.layout);
    const r = await rootRead(
      ctx,
      j.host,
      `[ -e ${q(names.mdPath)} ] && ${mdadmDetail(names.mdPath)}`,
      {
        okCodes: [0, 1],
      },
    );
    return r.code === 0 ? parseMdDetail(r.stdout) : undefined;
  };
  return {
    id: 'disk-raid',
    title: 'Stripe the devices as RAID0 (mdadm)',
    async check(ctx) {
      const j = job(ctx);
      if (!j.layout.raid0) return true;
      const md = await detail(ctx, j);
      if (!md) return false;
      const wanted = devicesOf(ctx, j);
      if (md.level !== 'raid0' || md.raidDevices !== wanted.length)
        throw new OpsdeckError(
          'CONFLICT',
          `${layoutNames(j.layout).mdPath} on ${j.host.name} already exists as ${md.level ?? 'an array'} of ${md.raidDevices} devices.`,
          'Give this layout another name, or stop that array yourself if it is not needed.',
        );
      return true;
    },
    async run(ctx) {
      const j = job(ctx);
      await rootWrite(
        ctx,
        j.host,
        mdadmCreate(layoutNames(j.layout), devicesOf(ctx, j), j.layout.chunkKiB),
        { purpose: 'create the RAID0 array', timeoutMs: 120_000 },
      );
    },
    async verify(ctx) {
      const j = job(ctx);
      const md = await detail(ctx, j);
      if (md?.level !== 'raid0' || md.raidDevices !== devicesOf(ctx, j).length)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `mdadm ran, but ${layoutNames(j.layout).mdPath} on ${j.host.name} is not a RAID0 of ${devicesOf(ctx, j).length} devices.`,
          `Look at \`mdadm --detail ${layoutNames(j.layout).mdPath}\` on ${j.host.name}, then resume.`,
        );
    },
  };
}

function raidConfigStep(job: JobOf): Step<unknown> {
  const state = async (ctx: AnyCtx, j: DiskJob) => {
    const names = layoutNames(j.layout);
    const conf = (await surveyHost(ctx, j.host, j.layout)).mdadmConf;
    const r = await rootRead(
      ctx,
      j.host,
      `[ -e ${q(names.mdPath)} ] && ${mdadmBrief(names.mdPath)}`,
      {
        okCodes: [0, 1],
      },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('ARRAY '));
    const uuid = /UUID=(\S+)/.exec(line ?? '')?.[1];
    const text = (await rootRead(ctx, j.host, `cat ${q(conf)} 2>/dev/null; true`)).stdout;
    return { conf, line: line?.trim(), recorded: Boolean(uuid && text.includes(`UUID=${uuid}`)) };
  };
  return {
    id: 'disk-raid-config',
    title: 'Record the array in mdadm.conf',
    async check(ctx) {
      const j = job(ctx);
      return !j.layout.raid0 || (await state(ctx, j)).recorded;
    },
    async run(ctx) {
      const j = job(ctx);
      const s = await state(ctx, j);
      const line =
        s.line ?? placeholder(`ARRAY line from ${mdadmBrief(layoutNames(j.layout).mdPath)}`);
      await rootWrite(ctx, j.host, appendLineCommand(s.conf, line, backupOf(s.conf)), {
        purpose: `record the array in ${s.conf} (assembled under its name at boot)`,
      });
    },
    async verify(ctx) {
      const j = job(ctx);
      if (!(await state(ctx, j)).recorded)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `The array is not in mdadm.conf on ${j.host.name} after writing it.`,
          'Check that file, then resume.',
        );
    },
  };
}

function lvmStep(job: JobOf): Step<unknown> {
  const present = async (ctx: AnyCtx, j: DiskJob) =>
    (await rootRead(ctx, j.host, lvPresent(layoutNames(j.layout)), { okCodes: [0, 5] })).code === 0;
  return {
    id: 'disk-lvm',
    title: 'Make the LVM volume group and logical volume',
    async check(ctx) {
      const j = job(ctx);
      return !j.layout.lvm || (await present(ctx, j));
    },
    async run(ctx) {
      const j = job(ctx);
      const names = layoutNames(j.layout);
      const disks = await surveyHost(ctx, j.host, j.layout);
      const pvs = j.layout.raid0 ? [names.mdPath] : devicesOf(ctx, j);
      const groupExists = [...disks.pvGroups.values()].includes(names.vg);
      const [pvcreate, vgcreate, lvcreate] = lvmCreate(names, pvs, j.layout, disks.udev);
      for (const command of groupExists ? [lvcreate] : [pvcreate, vgcreate, lvcreate])
        await rootWrite(ctx, j.host, command as string, {
          purpose: 'make the LVM volume',
          timeoutMs: 120_000,
        });
    },
    async verify(ctx) {
      const j = job(ctx);
      if (!(await present(ctx, j)))
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${layoutNames(j.layout).lvPath} is missing on ${j.host.name} after lvcreate.`,
          `Look at \`lvs\` on ${j.host.name}, then resume.`,
        );
    },
  };
}
