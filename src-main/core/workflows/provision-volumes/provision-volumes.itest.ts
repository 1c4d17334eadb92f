import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ec2Instance, Host, RunDetail } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { labWithFakeEc2 } from '../../../../testing/aws/fake-ec2-lab';
import type { labServices } from '../../../../testing/core/ssh-fixture';
import { LoopDisks } from '../../../../testing/disks/loop-disks';
import { PROVISION_TAG } from './provision-volumes';

/**
 * The whole chain: EBS volumes on the fake EC2, then the disk half over SSH on lab host db3 as
 * the instance's host. Loop devices stand in for the volumes; the test makes the
 * /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_<serial> links udev makes on Nitro, so
 * discovery finds them by volume id, as on a real instance.
 */
let fake: FakeEc2;
let t: Awaited<ReturnType<typeof labServices>>;
let disks: LoopDisks;
let db3: Host;
let instance: Ec2Instance;
const HAS_MD = LoopDisks.kernelHasMd();

beforeAll(async () => {
  disks = new LoopDisks('db3');
  ({ fake, t, instance } = await labWithFakeEc2(2));
  db3 = t.core.hosts.get('db3');
  // As if db3 had been added to the inventory from the instance's row.
  db3 = await t.call('hosts.update', {
    id: db3.id,
    patch: { tags: [...db3.tags, `ec2:${instance.instanceId}`] },
  });
}, 60_000);
afterAll(async () => {
  const machineFstabChanged = disks?.machineFstabChanged();
  disks?.restore();
  await t?.dispose();
  await fake?.close();
  expect(disks.changedFiles()).toEqual([]);
  // The run wrote db3's own /etc/fstab only: the machine's is as it was.
  expect(machineFstabChanged).toBe(false);
});

/** Link each new volume to its loop device as soon as the workflow has created it. */
async function linkVolumes(
  loops: readonly string[],
  devices: readonly string[],
  until: () => boolean,
) {
  const linked = new Set<string>();
  while (!until() && linked.size < devices.length) {
    const { rows } = await t.call('ec2.volumes', { account: 'fake' });
    for (const v of rows) {
      const [owner, device] = (v.tags[PROVISION_TAG] ?? '').split(':');
      const i = devices.indexOf(device ?? '');
      if (owner !== instance.instanceId || i < 0 || linked.has(v.volumeId)) continue;
      disks.ebsLink(v.volumeId, loops[i] as string);
      linked.add(v.volumeId);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return linked;
}

// Several SSH round trips per step on a shared, busy lab: allow for it.
describe(
  'provision-volumes: fake EC2 + the disk half on lab host db3',
  { timeout: 180_000 },
  () => {
    it('creates and attaches the volumes, finds them by volume id, formats and mounts them; a re-run skips it all', async () => {
      const count = HAS_MD ? 2 : 1;
      const loops = Array.from({ length: count }, () => disks.loop());
      const devices = ['/dev/sdf', '/dev/sdg'].slice(0, count);
      const at = disks.mountpoint('mysql');
      const params = {
        account: 'fake',
        instanceId: instance.instanceId,
        volumes: devices.map((device) => ({ device, sizeGiB: 1 })),
        disk: { filesystem: 'xfs', raid0: count > 1, mountpoint: at, name: 'itestebs' },
      };
      if (HAS_MD) disks.track('array', '/dev/md/itestebs');

      const plan = await t.core.workflows.plan({ workflow: 'provision-volumes', params });
      const writes = plan.steps.flatMap((s) => s.actions.filter((a) => a.write));
      expect(writes.map((a) => a.detail)).toContain(
        HAS_MD
          ? "mkfs.xfs -L 'itestebs' '/dev/md/itestebs'"
          : "mkfs.xfs -L 'itestebs' '<device of the volume attached at /dev/sdf>'",
      );
      expect(writes.filter((a) => a.kind === 'ssh').every((a) => a.target === 'db3')).toBe(true);
      expect(
        (await t.call('ec2.volumes', { account: 'fake' })).rows.some((v) => v.tags[PROVISION_TAG]),
      ).toBe(false);

      const { runId } = t.core.workflows.start(
        { workflow: 'provision-volumes', params: params },
        'cli',
      );
      let finished = false;
      const done = t.core.workflows.wait(runId).finally(() => (finished = true));
      const linked = await linkVolumes(loops, devices, () => finished);
      await done;
      const first: RunDetail = t.core.workflows.detail(runId);
      expect(first.error).toBeUndefined();
      expect(first.status).toBe('succeeded');
      expect(linked.size).toBe(count);
      for (const [i, volumeId] of [...linked].entries()) {
        const serial = volumeId.replace('-', '');
        expect(first.logs.map((l) => l.text)).toContain(
          `${volumeId} (${devices[i]}) is ${loops[i]} on db3 (/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${serial})`,
        );
      }
      const fsDevice = HAS_MD ? '/dev/md/itestebs' : (loops[0] as string);
      const uuid = /UUID=(\S+)/.exec(
        execFileSync('blkid', ['-p', '-o', 'export', fsDevice], { encoding: 'utf8' }),
      )?.[1];
      expect(disks.inHost(`findmnt -n -o FSTYPE,UUID -M ${at}`).trim().split(/\s+/)).toEqual([
        'xfs',
        uuid,
      ]);
      const line = `UUID=${uuid} ${at} xfs defaults,noatime,nofail 0 2`;
      expect(
        disks
          .fstab()
          .split('\n')
          .filter((l) => l === line),
      ).toHaveLength(1);

      const { runId: again } = t.core.workflows.start(
        { workflow: 'provision-volumes', params: params },
        'cli',
      );
      const second = await t.core.workflows.wait(again);
      expect(second.status).toBe('succeeded');
      const steps = t.core.workflows.detail(again).steps;
      const readOnly = ['inspect', 'find-devices', 'disk-preflight'];
      expect(steps.filter((s) => !readOnly.includes(s.id)).map((s) => s.status)).toEqual(
        steps.filter((s) => !readOnly.includes(s.id)).map(() => 'skipped'),
      );
    });
  },
);
