import { OpsdeckError } from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import type { OutputOf, Step } from '../engine/definition';
import {
  appendLineCommand,
  fstabLine,
  getReadahead,
  mkfs,
  readaheadRule,
  readaheadRulePath,
  setReadahead,
  statOwner,
  writeFileCommand,
} from './disk-commands';
import { FSTAB, fstabStatus, parseFstab } from './fstab';
import { filesystemDevice, layoutNames } from './layout';
import { decideMountpoint, parseMountpoint, probeMountpointCommand } from './mountpoint';
import { rootRead, rootWrite } from './remote';
import {
  DISK_FSTAB,
  DISK_MOUNT,
  backupOf,
  devicesOf,
  filesystemState,
  placeholder,
  type AnyCtx,
  type DiskJob,
  type JobOf,
} from './step-context';

/** The filesystem and its mount: mkfs, fstab, mount, owner, read-ahead, the remount proof. */
export const filesystemSteps: ((job: JobOf) => Step<unknown>)[] = [
  filesystemStep,
  fstabStep,
  mountStep,
  ownerStep,
  readaheadStep,
  remountStep,
];

function filesystemStep(job: JobOf): Step<unknown> {
  return {
    id: 'disk-filesystem',
    title: 'Make the filesystem',
    async check(ctx) {
      const j = job(ctx);
      const fs = await filesystemState(ctx, j);
      if (!fs.type) return false;
      if (fs.type === j.layout.filesystem && fs.label === layoutNames(j.layout).label) return true;
      throw new OpsdeckError(
        'CONFLICT',
        `${fs.path} on ${j.host.name} already holds ${fs.type}${fs.label ? ` labelled ${fs.label}` : ''}, not this layout's ${j.layout.filesystem}.`,
        'Opsdeck does not format over it. Clear it yourself if it is not needed, then resume.',
      );
    },
    async run(ctx) {
      const j = job(ctx);
      const path = filesystemDevice(j.layout, devicesOf(ctx, j));
      await rootWrite(ctx, j.host, mkfs(j.layout.filesystem, path, layoutNames(j.layout).label), {
        purpose: `make the ${j.layout.filesystem} filesystem`,
        timeoutMs: 600_000,
      });
    },
    async verify(ctx) {
      const j = job(ctx);
      const fs = await filesystemState(ctx, j);
      if (fs.type !== j.layout.filesystem || !fs.uuid)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${fs.path} on ${j.host.name} shows no ${j.layout.filesystem} filesystem after mkfs.`,
          `Look at \`blkid -p ${fs.path}\` on ${j.host.name}, then resume.`,
        );
    },
  };
}

function fstabStep(job: JobOf): Step<unknown, OutputOf<typeof DISK_FSTAB>> {
  const status = async (ctx: AnyCtx, j: DiskJob) => {
    const fs = await filesystemState(ctx, j);
    const text = (await ctx.ssh.read(j.host, `cat ${FSTAB}`)).stdout;
    return { fs, status: fstabStatus(j.host.name, parseFstab(text), fs.uuid, j.layout.mountpoint) };
  };
  return {
    ...DISK_FSTAB,
    title: 'Add it to /etc/fstab by UUID (noatime, nofail)',
    async check(ctx) {
      const j = job(ctx);
      const s = await status(ctx, j);
      return Boolean(s.fs.uuid) && s.status === 'present';
    },
    async run(ctx) {
      const j = job(ctx);
      const { fs } = await status(ctx, j);
      const line = fstabLine(
        fs.uuid ?? placeholder('UUID of the new filesystem'),
        j.layout.mountpoint,
        j.layout.filesystem,
      );
      await rootWrite(ctx, j.host, appendLineCommand(FSTAB, line, backupOf(FSTAB)), {
        purpose: 'add the filesystem to /etc/fstab',
      });
      return { changed: true };
    },
    async verify(ctx) {
      const j = job(ctx);
      if ((await status(ctx, j)).status !== 'present')
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `/etc/fstab on ${j.host.name} has no line for ${j.layout.mountpoint} after the edit.`,
          'Check /etc/fstab (a backup of the old one is beside it), then resume.',
        );
    },
  };
}

function mountStep(job: JobOf): Step<unknown, OutputOf<typeof DISK_MOUNT>> {
  const probe = async (ctx: AnyCtx, j: DiskJob) =>
    parseMountpoint(
      (await rootRead(ctx, j.host, probeMountpointCommand(j.layout.mountpoint))).stdout,
    );
  const mounted = async (ctx: AnyCtx, j: DiskJob) => {
    const [fs, at] = [await filesystemState(ctx, j), await probe(ctx, j)];
    return at.mounted && Boolean(fs.uuid) && at.uuid === fs.uuid;
  };
  return {
    ...DISK_MOUNT,
    title: 'Mount it (from /etc/fstab)',
    check: (ctx) => mounted(ctx, job(ctx)),
    async run(ctx) {
      const j = job(ctx);
      const { mountpoint, allowNonEmptyMountpoint } = j.layout;
      const fs = await filesystemState(ctx, j);
      const decision = decideMountpoint(j.host.name, mountpoint, await probe(ctx, j), {
        ours: fs.uuid,
        allowNonEmpty: allowNonEmptyMountpoint,
      });
      const note =
        decision.kind === 'mount' && decision.hidden > 0
          ? `  # over a non-empty directory: its ${decision.hidden} entries (${decision.sample.join(', ')}) stay hidden while mounted`
          : '';
      if (note) ctx.log(`${j.host.name}:${mountpoint} is not empty;${note.slice(3)}`, 'warn');
      await rootWrite(ctx, j.host, `mkdir -p ${q(mountpoint)} && mount ${q(mountpoint)}${note}`, {
        purpose: `mount ${mountpoint}`,
        timeoutMs: 120_000,
      });
      return { changed: true };
    },
    async verify(ctx) {
      const j = job(ctx);
      if (!(await mounted(ctx, j))) {
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${j.layout.mountpoint} on ${j.host.name} does not show the new filesystem after mount.`,
          `Look at \`findmnt ${j.layout.mountpoint}\` on ${j.host.name}, then resume.`,
        );
      }
    },
  };
}

function ownerStep(job: JobOf): Step<unknown> {
  const current = async (ctx: AnyCtx, j: DiskJob, owner: string) =>
    (
      await rootRead(ctx, j.host, statOwner(j.layout.mountpoint, owner.includes(':')), {
        okCodes: [0, 1],
      })
    ).stdout.trim();
  return {
    id: 'disk-owner',
    title: 'Give the mounted filesystem its owner',
    async check(ctx) {
      const j = job(ctx);
      const owner = j.layout.owner;
      return !owner || (await current(ctx, j, owner)) === owner;
    },
    async run(ctx) {
      const j = job(ctx);
      await rootWrite(ctx, j.host, `chown ${q(j.layout.owner ?? '')} ${q(j.layout.mountpoint)}`, {
        purpose: `give ${j.layout.mountpoint} its owner`,
      });
    },
    async verify(ctx) {
      const j = job(ctx);
      const owner = j.layout.owner ?? '';
      const now = await current(ctx, j, owner);
      if (now !== owner)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${j.layout.mountpoint} on ${j.host.name} is owned by ${now || 'nobody known'}, not ${owner}.`,
          'Check the user and group, then resume.',
        );
    },
  };
}

function readaheadStep(job: JobOf): Step<unknown> {
  const state = async (ctx: AnyCtx, j: DiskJob, kib: number) => {
    const fs = await filesystemState(ctx, j);
    const ra = await rootRead(ctx, j.host, getReadahead(fs.path), { okCodes: [0, 1] });
    const rulePath = readaheadRulePath(layoutNames(j.layout));
    const rule = await rootRead(ctx, j.host, `cat ${q(rulePath)} 2>/dev/null; true`);
    const wantedRule = fs.uuid ? readaheadRule(fs.uuid, kib) : undefined;
    return {
      fs,
      rulePath,
      set: ra.code === 0 && Number.parseInt(ra.stdout.trim(), 10) === kib * 2,
      kept: wantedRule !== undefined && rule.stdout === wantedRule,
    };
  };
  return {
    id: 'disk-readahead',
    title: 'Set the read-ahead (and keep it with a udev rule)',
    async check(ctx) {
      const j = job(ctx);
      const kib = j.layout.readaheadKiB;
      if (kib === undefined) return true;
      const s = await state(ctx, j, kib);
      return s.set && s.kept;
    },
    async run(ctx) {
      const j = job(ctx);
      const kib = j.layout.readaheadKiB ?? 0;
      const s = await state(ctx, j, kib);
      if (!s.set)
        await rootWrite(ctx, j.host, setReadahead(s.fs.path, kib), {
          purpose: 'set the read-ahead',
        });
      if (!s.kept)
        await rootWrite(
          ctx,
          j.host,
          writeFileCommand(
            s.rulePath,
            readaheadRule(s.fs.uuid ?? placeholder('UUID of the new filesystem'), kib),
          ),
          { purpose: 'keep the read-ahead across reboots (udev rule)' },
        );
    },
    async verify(ctx) {
      const j = job(ctx);
      const s = await state(ctx, j, j.layout.readaheadKiB ?? 0);
      if (!s.set || !s.kept)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `The read-ahead of ${s.fs.path} on ${j.host.name} is not ${j.layout.readaheadKiB} KiB after setting it.`,
          `Check \`blockdev --getra ${s.fs.path}\` and ${s.rulePath}, then resume.`,
        );
    },
  };
}

function remountStep(job: JobOf): Step<unknown> {
  return {
    id: 'disk-verify',
    title: 'Prove /etc/fstab: unmount, mount from it, check',
    // Only after this run changed the mount or fstab: a re-run never unmounts a filesystem in use.
    async check(ctx) {
      return !(ctx.find(DISK_FSTAB)?.changed || ctx.find(DISK_MOUNT)?.changed);
    },
    async run(ctx) {
      const j = job(ctx);
      const at = q(j.layout.mountpoint);
      await rootWrite(ctx, j.host, `umount ${at} && mount ${at}`, {
        purpose: 'remount the filesystem from /etc/fstab',
        timeoutMs: 120_000,
      });
    },
    async verify(ctx) {
      const j = job(ctx);
      const fs = await filesystemState(ctx, j);
      const r = await rootRead(
        ctx,
        j.host,
        `findmnt -n -o UUID,FSTYPE,OPTIONS -M ${q(j.layout.mountpoint)}`,
        { okCodes: [0, 1] },
      );
      const [uuid, type, options] = r.stdout.trim().split(/\s+/);
      if (
        !fs.uuid ||
        uuid !== fs.uuid ||
        type !== j.layout.filesystem ||
        !/\bnoatime\b/.test(options ?? '')
      )
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `After remounting from /etc/fstab, ${j.layout.mountpoint} on ${j.host.name} shows ${r.stdout.trim() || 'nothing'}.`,
          `Compare /etc/fstab with \`findmnt ${j.layout.mountpoint}\` on ${j.host.name}, then resume.`,
        );
    },
  };
}
