import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInventoryPath } from '../../testing/lab/lab';
import { withLabServiceStopped } from '../../testing/core/ssh-fixture';
import { runCli } from '../../testing/cli/run-cli';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-exec-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

const opsdeck = (...args: string[]) => runCli(home, ...args);

beforeAll(async () => {
  expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('opsdeck exec', () => {
  it('prints host-prefixed live output and a summary; exit 0 when every host succeeded', async () => {
    const r = await opsdeck('exec', '--group', 'db', '--parallel', '2', '--', 'hostname');
    expect(r.code).toBe(0);
    // The lab has 3 hosts or more (the fan-out bench grows it to 20): names are padded alike.
    expect(r.stdout).toMatch(/^db1 *\| db1$/m);
    expect(r.stdout).toMatch(/^db3 *\| db3$/m);
    expect(r.stdout).toMatch(/HOST\s+STATUS\s+EXIT\s+TIME/);
    expect(r.stdout).toMatch(/(\d+) host\(s\): \1 ok, 0 failed, 0 unreachable/);
  });

  it('exits non-zero when a host is unreachable; --json gives every host; --rerun-failed', async () => {
    const r = await withLabServiceStopped('db3', 'ssh', () =>
      opsdeck('--json', 'exec', '--hosts', 'db1,db3', '--timeout', '10', '--', 'uptime'),
    );
    expect(r.code).toBe(1);
    const detail = JSON.parse(r.stdout);
    expect(detail.summary).toMatchObject({ total: 2, ok: 1, unreachable: 1 });
    expect(detail.hosts[1]).toMatchObject({
      hostName: 'db3',
      status: 'unreachable',
      error: { code: 'SSH_REFUSED', hint: expect.stringContaining('sshd') },
    });
    expect(detail.hosts[0].stdout).toMatch(/load average/);

    const again = await opsdeck('exec', '--rerun-failed', detail.execId);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/db3 \| .*load average/);
    expect(again.stdout).toMatch(/1 host\(s\): 1 ok/);

    const history = JSON.parse((await opsdeck('--json', 'exec', '--history', '-n', '2')).stdout);
    expect(history[1]).toMatchObject({ execId: detail.execId, command: 'uptime' });
  });

  it('live output is redacted, even a secret split across packets', async () => {
    const r = await opsdeck(
      'exec',
      '--hosts',
      'db1',
      '--',
      "printf -- '--passw'; sleep 0.2; printf 'ord=hunter22\\n'",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('db1 | --password=••••••\n');
    expect(r.stdout + r.stderr).not.toContain('hunter22');
  });

  it('a failing command: exit 1, and usage errors say what to do', async () => {
    const failed = await opsdeck('exec', '--hosts', 'db2', '--', 'exit 4');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/db2\s+failed\s+4/);
    const usage = await opsdeck('exec', '--', 'uptime');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Give exactly one of --group or --hosts');
  });
});
