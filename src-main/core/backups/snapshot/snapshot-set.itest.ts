import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Ec2Instance, RunDetail } from '../../../contract';
import type { FakeEc2 } from '../../../../testing/aws/fake-ec2';
import { LoopDisks } from '../../../../testing/disks/loop-disks';
import { explain, runWorkflow } from '../../../../testing/core/lab-suite';
import { labAdmin, sql } from '../../../../testing/lab/mysql-lab';
import type { labServices } from '../../../../testing/core/ssh-fixture';
import { labWithFakeEc2 } from '../../../../testing/aws/fake-ec2-lab';
import { labDir } from '../../../../testing/lab/lab';

/**
 * An EBS snapshot set of db2 for real on the host side: db2's data dir is moved onto a loop
 * device (standing in for its EBS volume, found through the by-id link udev makes on Nitro),
 * the freeze and thaw run on it, and the fake EC2 takes the CreateSnapshots call. The read lock
 * must be held at most 2 s; a lock that cannot be taken in time must leave nothing locked and
 * nothing frozen. db2 gets its own data dir back afterwards.
 */
let fake: FakeEc2;
let t: Awaited<ReturnType<typeof labServices>>;
let disks: LoopDisks;
let instance: Ec2Instance;
let volumeId: string;
let mounted = false;
const DB = 'opsdeck_snap';

const inDb2 = (cmd: string) => disks.inHost(cmd);
/** The catalog entry a backup-run made. */
const entryOf = (r: RunDetail) => t.core.backups.list({ runId: r.id, limit: 1 })[0]!;
/** A write to the data dir's filesystem that returns within 3 s (it would hang on a frozen fs). */
const writable = () => {
  const pid = readFileSync(join(labDir, 'hosts', 'db2', 'holder.pid'), 'utf8').trim();
  try {
    execFileSync(
      'timeout',
      [
        '3',
        'nsenter',
        '--target',
        pid,
        '--mount',
        'sh',
        '-c',
        'touch /var/lib/mysql/.opsdeck-probe && rm -f /var/lib/mysql/.opsdeck-probe',
      ],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  disks = new LoopDisks('db2');
  ({ fake, t, instance } = await labWithFakeEc2());
  const vol = await t.call('ec2.volumes.create', {
    account: 'fake',
    availabilityZone: instance.availabilityZone,
    sizeGiB: 10,
  });
  volumeId = vol.volumeId;
  await new Promise((r) => setTimeout(r, 1500));
  await t.call('ec2.volumes.attach', {
    account: 'fake',
    volumeId,
    instanceId: instance.instanceId,
    device: '/dev/sdf',
  });
  const db2 = t.core.hosts.get('db2');
  await t.call('hosts.update', {
    id: db2.id,
    patch: { tags: [...db2.tags, `ec2:${instance.instanceId}`, 'aws:fake', 'region:us-east-1'] },
  });
  // db2's data dir onto the "EBS volume": a loop device with ext4, its by-id link, the data copied.
  const dev = disks.loop(400);
  disks.ebsLink(volumeId, dev);
  execFileSync('mkfs.ext4', ['-q', dev]);
  const stage = disks.mountpoint('stage');
  inDb2(`mysql-service stop`);
  inDb2(
    `mount ${dev} ${stage} && cp -a /var/lib/mysql/. ${stage}/ && umount ${stage} && mount ${dev} /var/lib/mysql`,
  );
  mounted = true;
  inDb2(`mysql-service start`);
  t.core.mysql.close(db2.id);
  await sql(
    'db2',
    `SET SESSION sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS ${DB}; USE ${DB}; CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB; INSERT IGNORE INTO t SELECT seq, MD5(seq) FROM seq_1_to_5000; CREATE TABLE IF NOT EXISTS other (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;`,
  );
}, 180_000);

afterAll(async () => {
  try {
    if (mounted) {
      inDb2(
        'fsfreeze -u /var/lib/mysql 2>/dev/null; mysql-service stop; umount /var/lib/mysql; mysql-service start',
      );
      t.core.mysql.close(t.core.hosts.get('db2').id);
    }
  } finally {
    disks?.restore();
    await t?.dispose();
    await fake?.close();
  }
}, 120_000);

describe('EBS snapshot set of db2 (loop device as its volume)', { timeout: 180_000 }, () => {
  it('freezes, snapshots every member volume and thaws, holding the read lock ≤ 2 s; row counts are the set’s', async () => {
    const r: RunDetail = await runWorkflow(t, {
      workflow: 'backup-run',
      params: { host: 'db2', kind: 'snapshot' },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    const freezeMs = (r.output.take as { freezeMs: number }).freezeMs;
    // One child per member volume waited for its snapshot to complete.
    expect(r.steps.find((s) => s.id === 'complete')?.children).toEqual([
      expect.objectContaining({ key: volumeId, status: 'done' }),
    ]);
    expect(e).toMatchObject({ kind: 'snapshot', tool: 'ebs', status: 'succeeded' });
    expect(e.snapshots).toEqual([
      expect.objectContaining({
        volumeId,
        snapshotId: expect.stringMatching(/^snap-/),
        device: expect.stringMatching(/^\/dev\/loop/),
      }),
    ]);
    console.info(`snapshot set: read lock held ${e.lockMs} ms, filesystem frozen ${freezeMs} ms`);
    expect(e.lockMs).toBeLessThanOrEqual(2000);
    expect(freezeMs).toBeLessThanOrEqual(2000);
    expect(e.tables.find((x) => x.table === `${DB}.t`)).toMatchObject({ rows: 5000 });
    expect(writable()).toBe(true);
    const { rows } = await t.call('ec2.snapshots', { account: 'fake' });
    const snap = rows.find((s) => s.snapshotId === e.snapshots?.[0]?.snapshotId);
    expect(snap?.tags).toMatchObject({
      'opsdeck:backup': e.id,
      'opsdeck:host': 'db2',
      'opsdeck:mount': '/var/lib/mysql',
    });
  });

  it('a read lock that cannot be taken in time aborts the set: nothing frozen, nothing left locked', async () => {
    const blocker = await mysql.createConnection(labAdmin('db2'));
    try {
      await blocker.query(`LOCK TABLES ${DB}.t WRITE`);
      const r = await runWorkflow(t, {
        workflow: 'backup-run',
        params: { host: 'db2', kind: 'snapshot', lockTimeoutSec: 1 },
      });
      expect(r.status).toBe('rolled-back');
      expect(r.error).toMatchObject({
        code: 'BACKUP_LOCK_TIMEOUT',
        message: expect.stringContaining('Nothing is locked and nothing was frozen'),
      });
      const e = entryOf(r);
      expect(e.status).toBe('failed');
      // While the blocker still holds its table lock, everything else is writable: no FTWRL is left waiting.
      await Promise.race([
        sql('db2', `INSERT INTO ${DB}.other () VALUES ()`),
        new Promise((_, reject) =>
          setTimeout(
            () => reject(new Error('a write blocked: a read lock is still pending')),
            3000,
          ),
        ),
      ]);
      const waiting = await sql(
        'db2',
        "SELECT id FROM information_schema.processlist WHERE info LIKE 'FLUSH TABLES WITH READ LOCK%'",
      );
      expect(waiting).toEqual([]);
      expect(writable()).toBe(true);
      const { rows } = await t.call('ec2.snapshots', { account: 'fake' });
      expect(rows.filter((s) => s.tags['opsdeck:backup'] === e.id)).toEqual([]);
    } finally {
      await blocker.end();
    }
  });

  it("CreateSnapshots' first answer lost, the SDK's retry answered: the backup is the answered set, the set the lost call made is deleted", async () => {
    fake.faults.loseAnswer(1, { action: 'CreateSnapshots' });
    onTestFinished(() => void fake.faults.clear());
    const r = await runWorkflow(t, {
      workflow: 'backup-run',
      params: { host: 'db2', kind: 'snapshot' },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    const e = entryOf(r);
    const { rows } = await t.call('ec2.snapshots', { account: 'fake' });
    // Both calls made a set (CreateSnapshots takes no client token); only the backup's is left.
    expect(rows.filter((s) => s.tags['opsdeck:backup'] === e.id).map((s) => s.snapshotId)).toEqual(
      e.snapshots?.map((s) => s.snapshotId),
    );
    expect(r.changes.map((c) => c.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^snapshot snap-\S+ deleted: made for backup .* whose answer was lost/,
        ),
      ]),
    );
    expect(writable()).toBe(true);
  });

  it("CreateSnapshots' answer lost on every attempt: the run rolls back and finds every set it made by its tag — none is left in EC2", async () => {
    fake.faults.loseAnswer(20, { action: 'CreateSnapshots' });
    onTestFinished(() => void fake.faults.clear());
    const r = await runWorkflow(t, {
      workflow: 'backup-run',
      params: { host: 'db2', kind: 'snapshot' },
    });
    fake.faults.clear();
    expect(r.status, explain(r)).toBe('rolled-back');
    const e = entryOf(r);
    expect(e.status).toBe('failed');
    const made = r.changes.filter(({ text: c }) =>
      /^snapshot snap-\S+ deleted: the run was rolled back$/.test(c),
    );
    // Every attempt of the SDK made a set: each one found by its tag and deleted.
    expect(made.length).toBeGreaterThanOrEqual(2);
    const { rows } = await t.call('ec2.snapshots', { account: 'fake' });
    expect(rows.filter((s) => s.tags['opsdeck:backup'] === e.id)).toEqual([]);
    expect(writable()).toBe(true);
  });

  it('refuses a data dir on a system filesystem (freezing / would stop the host)', async () => {
    const r = await runWorkflow(t, {
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'snapshot', account: 'fake', instanceId: instance.instanceId },
    });
    expect(r.error).toMatchObject({
      code: 'BACKUP_NOT_RESTORABLE',
      message: expect.stringContaining('system filesystem'),
    });
  });
});
