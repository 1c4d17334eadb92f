import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../testing/cli/run-cli';
import { replicateQuestion } from './replicate-run';

process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-replicate-test-passphrase';
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-replicate-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opsdeck mysql replicate asks before it starts', () => {
  it('says what the seed replaces on the replica, and when the master restarts', () => {
    expect(replicateQuestion({ master: 'db1', replica: 'db2' })).toBe(
      'Make db2 a replica of db1, seeded from a dump of db1?',
    );
    expect(
      replicateQuestion({
        master: 'db1',
        replica: 'db2',
        seed: 'dump',
        overwrite: ['shop', 'crm'],
      }),
    ).toBe('Make db2 a replica of db1, seeded from a dump of db1? This replaces shop, crm there.');
    expect(
      replicateQuestion({
        master: 'peer1',
        replica: 'peer2',
        seed: 'hot-backup',
        enableBinlog: true,
        fixBindAddress: true,
      }),
    ).toBe(
      'Make peer2 a replica of peer1, seeded from a hot backup of peer1 (its data directory is swapped; the old one is kept beside it)? peer1 restarts (binary log on, bind_address).',
    );
    expect(
      replicateQuestion({ master: 'db1', replica: 'db3', seed: 'backup', backupId: 'b7' }),
    ).toBe('Make db3 a replica of db1, seeded from backup b7?');
  });

  it('without --yes and no terminal to answer on, refuses before anything is started', async () => {
    const r = await runCli(home, 'mysql', 'replicate', '--master', 'db1', '--replica', 'db2');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Not confirmed: Make db2 a replica of db1, seeded from a dump of db1?',
    );
    expect(r.stderr).toContain('--dry-run');
  });

  it('with --yes or --dry-run it does not ask (it goes on to the inventory, which has no db1 here)', async () => {
    for (const flag of ['--yes', '--dry-run']) {
      const r = await runCli(
        home,
        'mysql',
        'replicate',
        '--master',
        'db1',
        '--replica',
        'db2',
        flag,
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).not.toContain('Not confirmed');
      expect(r.stderr).toMatch(/db1/);
    }
  });
});
