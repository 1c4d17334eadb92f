import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host, RunDetail } from '../../../contract';
import { labServices } from '../../../../testing/core/ssh-fixture';
import { LoopDisks } from '../../../../testing/disks/loop-disks';
import { labInventory, SUDO_LOGIN, SUDO_PASSWORD_LOGIN } from '../../../../testing/lab/lab';

/**
 * The disk half on lab host db3 (db3 only: other suites use db1/db2), with loop devices as
 * disks and mountpoints under a temp dir. db3's /etc/fstab is its own (the lab bind-mounts it);
 * mdadm.conf, the backups and udev rules are the machine's: LoopDisks puts them all back exactly,
 * even when a test fails, and the machine's /etc/fstab must be untouched.
 */
let t: Awaited<ReturnType<typeof labServices>>;
let db3: Host;
let disks: LoopDisks;
const HAS_MD = LoopDisks.kernelHasMd();
const HAS_DM = LoopDisks.kernelHasDm();
// Said out loud, not only counted as skipped: which real runs this machine cannot do, and why.
if (!HAS_MD)
  console.warn(
    'prepare-disks itest: the real RAID0 (mdadm) run is skipped: this kernel has no md driver (/proc/mdstat missing, md_mod not loadable); the refusal path runs instead.',
  );
if (!HAS_DM)
  console.warn(
    'prepare-disks itest: the real LVM run is skipped: this kernel has no device-mapper (/dev/mapper/control missing); the refusal path runs instead.',
  );

beforeAll(async () => {
  disks = new LoopDisks('db3');
  t = await labServices();
  db3 = t.core.hosts.get('db3');
}, 60_000);
afterAll(async () => {
  const machineFstabChanged = disks?.machineFstabChanged();
  disks?.restore();
  await t?.dispose();
  expect(disks.changedFiles()).toEqual([]);
  // The run wrote db3's own /etc/fstab only: the machine's is as it was.
  expect(machineFstabChanged).toBe(false);
});

async function run(workflow: string, params: Record<string, unknown>): Promise<RunDetail> {
  const { runId } = t.core.workflows.start({ workflow: workflow, params: params }, 'cli');
  await t.core.workflows.wait(runId);
  return t.core.workflows.detail(runId);
}
const statuses = (r: RunDetail) => Object.fromEntries(r.steps.map((s) => [s.id, s.status]));
const fstab = () => disks.fstab();
const blkid = (dev: string) =>
  execFileSync('sh', ['-c', `blkid -p -o export ${dev}; true`], { encoding: 'utf8' });
const mounted = (path: string) =>
  disks.inHost(`findmnt -n -o SOURCE,FSTYPE,UUID,OPTIONS -M ${path}`, true).trim();

// Several SSH round trips per step on a shared, busy lab: allow for it.
describe('prepare-disks on lab host db3 (loop devices)', { timeout: 180_000 }, () => {
  it('single disk, ext4: the plan changes nothing; the run mounts it from fstab by UUID; a re-run skips every step', async () => {
    const dev = disks.loop();
    const at = disks.mountpoint('ext4');
    const files = disks.snapshot();
    const params = {
      hostId: db3.id,
      devices: [dev],
      filesystem: 'ext4',
      mountpoint: at,
      name: 'itestext',
      owner: 'mysql:mysql',
      readaheadKiB: 128,
    };
    const plan = await t.core.workflows.plan({ workflow: 'prepare-disks', params });
    const writes = plan.steps.flatMap((s) => s.actions.filter((a) => a.write).map((a) => a.detail));
    expect(writes).toEqual(
      expect.arrayContaining([
        `mkfs.ext4 -q -L 'itestext' '${dev}'`,
        expect.stringContaining(
          `'UUID=<UUID of the new filesystem> ${at} ext4 defaults,noatime,nofail 0 2'`,
        ),
        `mkdir -p '${at}' && mount '${at}'`,
        `chown 'mysql:mysql' '${at}'`,
        `blockdev --setra 256 '${dev}'`,
        `umount '${at}' && mount '${at}'`,
      ]),
    );
    expect(blkid(dev)).toBe('');
    expect(disks.changedFiles(files)).toEqual([]);

    const first = await run('prepare-disks', params);
    expect(first.error).toBeUndefined();
    expect(first.status).toBe('succeeded');
    expect(statuses(first)).toMatchObject({
      'disk-raid': 'skipped',
      'disk-lvm': 'skipped',
      'disk-filesystem': 'done',
      'disk-fstab': 'done',
      'disk-mount': 'done',
      'disk-owner': 'done',
      'disk-readahead': 'done',
      'disk-verify': 'done',
    });
    const uuid = /UUID=(\S+)/.exec(blkid(dev))?.[1];
    expect(uuid).toBeTruthy();
    const [source, fstype, mountedUuid, options] = mounted(at).split(/\s+/);
    expect([source, fstype, mountedUuid]).toEqual([dev, 'ext4', uuid]);
    expect(options).toMatch(/\bnoatime\b/);
    const line = `UUID=${uuid} ${at} ext4 defaults,noatime,nofail 0 2`;
    expect(
      fstab()
        .split('\n')
        .filter((l) => l === line),
    ).toHaveLength(1);
    expect(disks.inHost(`stat -c %U:%G ${at}`).trim()).toBe('mysql:mysql');
    expect(execFileSync('blockdev', ['--getra', dev], { encoding: 'utf8' }).trim()).toBe('256');
    expect(readFileSync('/etc/udev/rules.d/99-opsdeck-readahead-itestext.rules', 'utf8')).toContain(
      `ENV{ID_FS_UUID}=="${uuid}", ATTR{queue/read_ahead_kb}="128"`,
    );
    const audit = t.core.audit.list(100).filter((r) => r.runId === first.id);
    expect(audit.some((r) => r.detail.startsWith('mkfs.ext4'))).toBe(true);

    const before = fstab();
    const again = await run('prepare-disks', params);
    expect(again.status).toBe('succeeded');
    const changing = again.steps.filter((s) => s.id !== 'disk-preflight');
    expect(changing.map((s) => [s.id, s.status])).toEqual(changing.map((s) => [s.id, 'skipped']));
    expect(fstab()).toBe(before);
    expect(t.core.audit.list(100).filter((r) => r.runId === again.id)).toEqual([]);
  });

  it('refuses a non-empty mountpoint and changes nothing; the plan says so when it is allowed', async () => {
    const dev = disks.loop();
    const at = disks.mountpoint('busy', ['keep-me.txt']);
    const files = disks.snapshot();
    const params = { hostId: db3.id, devices: [dev], mountpoint: at, name: 'itestbusy' };
    const refused = await run('prepare-disks', params);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({
      code: 'CONFLICT',
      hint: expect.stringContaining('allowNonEmptyMountpoint'),
    });
    expect(refused.error?.message).toContain(`${at} on db3 is not empty (1 entries: keep-me.txt)`);
    expect(statuses(refused)['disk-preflight']).toBe('failed');
    expect(blkid(dev)).toBe('');
    expect(mounted(at)).toBe('');
    expect(disks.changedFiles(files)).toEqual([]);

    const plan = await t.core.workflows.plan({
      workflow: 'prepare-disks',
      params: {
        ...params,
        allowNonEmptyMountpoint: true,
      },
    });
    const mount = plan.steps.find((s) => s.id === 'disk-mount')?.actions.find((a) => a.write);
    expect(mount?.detail).toContain(
      '# over a non-empty directory: its 1 entries (keep-me.txt) stay hidden',
    );
  });

  it('refuses a device that already has a filesystem, and one that is not there', async () => {
    const dev = disks.loop();
    execFileSync('mkfs.xfs', ['-q', '-L', 'other', dev]);
    const uuid = /UUID=(\S+)/.exec(blkid(dev))?.[1];
    const at = disks.mountpoint('taken');
    const files = disks.snapshot();
    const refused = await run('prepare-disks', { hostId: db3.id, devices: [dev], mountpoint: at });
    expect(refused.status).toBe('failed');
    expect(refused.error?.code).toBe('CONFLICT');
    expect(refused.error?.message).toBe(
      `${dev} on db3 already has a xfs filesystem labelled other (UUID ${uuid}).`,
    );
    expect(refused.error?.hint).toContain(`wipefs -a ${dev}`);
    expect(blkid(dev)).toContain(`UUID=${uuid}`);
    expect(disks.changedFiles(files)).toEqual([]);

    const missing = await run('prepare-disks', {
      hostId: db3.id,
      devices: ['/dev/nvme9n9'],
      mountpoint: at,
    });
    expect(missing.error).toMatchObject({
      code: 'NOT_FOUND',
      message: '/dev/nvme9n9 is not a block device on db3.',
    });
  });

  it.runIf(HAS_MD)(
    'RAID0 of two loop devices with XFS (mdadm), recorded in mdadm.conf; a re-run skips every step',
    async () => {
      const devs = [disks.loop(), disks.loop()];
      const at = disks.mountpoint('raid');
      disks.track('array', '/dev/md/itestraid');
      const params = {
        hostId: db3.id,
        devices: devs,
        raid0: true,
        mountpoint: at,
        name: 'itestraid',
      };
      const first = await run('prepare-disks', params);
      expect(first.error).toBeUndefined();
      expect(statuses(first)).toMatchObject({
        'disk-raid': 'done',
        'disk-raid-config': 'done',
        'disk-filesystem': 'done',
        'disk-verify': 'done',
      });
      const detail = execFileSync('mdadm', ['--detail', '--export', '/dev/md/itestraid'], {
        encoding: 'utf8',
      });
      expect(detail).toContain('MD_LEVEL=raid0');
      expect(detail).toContain('MD_DEVICES=2');
      const mdUuid = /MD_UUID=(\S+)/.exec(detail)?.[1];
      const conf = readFileSync(existsConf(), 'utf8');
      expect(conf.split('\n').filter((l) => l.includes(`UUID=${mdUuid}`))).toHaveLength(1);
      const [, fstype] = mounted(at).split(/\s+/);
      expect(fstype).toBe('xfs');
      const again = await run('prepare-disks', params);
      expect(
        again.steps.filter((s) => s.id !== 'disk-preflight').every((s) => s.status === 'skipped'),
      ).toBe(true);
    },
  );

  it.runIf(!HAS_MD)(
    'without the md driver (this kernel), RAID0 is refused before anything changes',
    async () => {
      const devs = [disks.loop(), disks.loop()];
      const at = disks.mountpoint('noraid');
      const files = disks.snapshot();
      const refused = await run('prepare-disks', {
        hostId: db3.id,
        devices: devs,
        raid0: true,
        mountpoint: at,
      });
      expect(refused.error).toMatchObject({
        code: 'WORKFLOW_STEP_FAILED',
        message:
          'The kernel on db3 has no md (software RAID) driver: /proc/mdstat is missing and md_mod cannot be loaded.',
      });
      expect(devs.map(blkid)).toEqual(['', '']);
      expect(disks.changedFiles(files)).toEqual([]);
    },
  );

  it.runIf(HAS_DM)(
    'LVM striped over two loop devices with XFS; a re-run skips every step',
    async () => {
      const devs = [disks.loop(), disks.loop()];
      const at = disks.mountpoint('lvm');
      disks.track('group', 'vg_itestlvm');
      const params = { hostId: db3.id, devices: devs, lvm: true, mountpoint: at, name: 'itestlvm' };
      const first = await run('prepare-disks', params);
      expect(first.error).toBeUndefined();
      expect(statuses(first)).toMatchObject({ 'disk-lvm': 'done', 'disk-raid': 'skipped' });
      expect(
        execFileSync('lvs', ['--noheadings', '-o', 'stripes', 'vg_itestlvm/lv_itestlvm'], {
          encoding: 'utf8',
        }).trim(),
      ).toBe('2');
      const again = await run('prepare-disks', params);
      expect(
        again.steps.filter((s) => s.id !== 'disk-preflight').every((s) => s.status === 'skipped'),
      ).toBe(true);
    },
  );

  it('through a login with passwordless sudo: every disk command runs as root with sudo -n', async () => {
    const admin = await t.core.hosts.add({
      name: 'db3-admin',
      address: db3.address,
      user: SUDO_LOGIN,
      auth: 'key',
      keyPath: labInventory().sshKey,
    });
    const dev = disks.loop();
    const at = disks.mountpoint('sudo');
    const r = await run('prepare-disks', {
      hostId: admin.id,
      devices: [dev],
      filesystem: 'ext4',
      mountpoint: at,
      name: 'itestsudo',
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('succeeded');
    expect(mounted(at).split(/\s+/)[1]).toBe('ext4');
    const writes = t.core.audit.list(100).filter((a) => a.runId === r.id);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((a) => a.detail.startsWith('sudo -n sh -c '))).toBe(true);
  });

  it('through a login whose sudo wants a password: refused at once, nothing changes', async () => {
    const deploy = await t.core.hosts.add({
      name: 'db3-deploy',
      address: db3.address,
      user: SUDO_PASSWORD_LOGIN,
      auth: 'key',
      keyPath: labInventory().sshKey,
    });
    const dev = disks.loop();
    const r = await run('prepare-disks', {
      hostId: deploy.id,
      devices: [dev],
      mountpoint: disks.mountpoint('nosudo'),
      name: 'itestnosudo',
    });
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('SUDO_PASSWORD_REQUIRED');
    expect(r.error?.message).toMatch(/deploy on db3-deploy cannot run sudo without a password/);
    expect(blkid(dev)).toBe('');
  });

  it.runIf(!HAS_DM)(
    'without device-mapper (this kernel), LVM is refused before anything changes',
    async () => {
      const devs = [disks.loop(), disks.loop()];
      const refused = await run('prepare-disks', {
        hostId: db3.id,
        devices: devs,
        lvm: true,
        mountpoint: disks.mountpoint('nolvm'),
      });
      expect(refused.error?.code).toBe('WORKFLOW_STEP_FAILED');
      expect(refused.error?.message).toContain('has no device-mapper');
      expect(devs.map(blkid)).toEqual(['', '']);
    },
  );
});

const existsConf = () => {
  try {
    readFileSync('/etc/mdadm/mdadm.conf');
    return '/etc/mdadm/mdadm.conf';
  } catch {
    return '/etc/mdadm.conf';
  }
};
