import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopDisks } from '../../../testing/disks/loop-disks';
import { labInventoryPath } from '../../../testing/lab/lab';
import { runCli } from '../../../testing/cli/run-cli';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-disks-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-disks-test-passphrase';
const opsdeck = (...args: string[]) => runCli(home, ...args);
let disks: LoopDisks;

beforeAll(async () => {
  disks = new LoopDisks('db3');
  expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterAll(() => {
  const machineFstabChanged = disks?.machineFstabChanged();
  disks?.restore();
  rmSync(home, { recursive: true, force: true });
  expect(disks.changedFiles()).toEqual([]);
  // The run wrote db3's own /etc/fstab only: the machine's is as it was.
  expect(machineFstabChanged).toBe(false);
});

// Several SSH round trips per step on a shared, busy lab: allow for it.
describe('opsdeck disks prepare on lab host db3', { timeout: 180_000 }, () => {
  it('plans, prepares a loop device as XFS, and skips everything on the second run', async () => {
    const dev = disks.loop();
    const at = disks.mountpoint('cli');
    const args = [
      'disks',
      'prepare',
      '--host',
      'db3',
      '--device',
      dev,
      '--mount',
      at,
      '--name',
      'itestcli',
    ];
    const plan = await opsdeck(...args, '--dry-run');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`WRITE ssh db3: mkfs.xfs -L 'itestcli' '${dev}'`);
    const first = await opsdeck('--json', ...args, '--yes');
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({
      workflow: 'prepare-disks',
      status: 'succeeded',
    });
    expect(disks.fstab()).toMatch(
      new RegExp(`^UUID=\\S+ ${at} xfs defaults,noatime,nofail 0 2$`, 'm'),
    );
    const again = await opsdeck('--json', ...args, '--yes');
    const steps = JSON.parse(again.stdout).steps as { id: string; status: string }[];
    expect(
      steps.filter((s) => s.id !== 'disk-preflight').every((s) => s.status === 'skipped'),
    ).toBe(true);
  });
});
