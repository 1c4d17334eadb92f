import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { labInventoryPath } from '../../testing/lab/lab';
import { runCli } from '../../testing/cli/run-cli';
import { labServices } from '../../testing/core/ssh-fixture';

/** `opsdeck diff` and `opsdeck drift` against the lab: output, JSON, exit codes like diff(1). */
const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-diff-'));
const local = mkdtempSync(join(tmpdir(), 'opsdeck-cli-diff-local-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-diff-test-passphrase';
const opsdeck = (...args: string[]) => runCli(home, ...args);
const dir = `/etc/mysql/opsdeck-cli-diff-${randomBytes(3).toString('hex')}`;
let lab: Awaited<ReturnType<typeof labServices>>;
const sh = async (host: string, command: string) => {
  const r = await lab.core.ssh.exec(lab.core.hosts.get(host), command);
  if (r.code !== 0) throw new Error(`${command}: ${r.stderr}`);
};

beforeAll(async () => {
  lab = await labServices();
  await sh(
    'db1',
    `mkdir -p ${dir} && printf '[mysqld]\\n# one\\nport = 3306\\nmax_connections = 100\\n' > ${dir}/a.cnf`,
  );
  await sh(
    'db2',
    `mkdir -p ${dir} && printf '[mysqld]\\nport=3306\\nmax_connections = 200\\n' > ${dir}/a.cnf`,
  );
  await sh(
    'db3',
    `mkdir -p ${dir} && printf '[mysqld]\\n# three\\nport = 3306\\nmax_connections = 100\\n' > ${dir}/a.cnf`,
  );
  expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  for (const h of ['db1', 'db2', 'db3']) await sh(h, `rm -rf ${dir}`).catch(() => {});
  await lab?.dispose();
  rmSync(home, { recursive: true, force: true });
  rmSync(local, { recursive: true, force: true });
});

describe('opsdeck diff', () => {
  it('prints a unified diff and exits 1 when the files differ', async () => {
    const r = await opsdeck('diff', `db1:${dir}/a.cnf`, `db2:${dir}/a.cnf`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^--- db1:${dir}/a.cnf\\t`));
    expect(r.stdout).toContain(
      '-# one\n-port = 3306\n-max_connections = 100\n+port=3306\n+max_connections = 200',
    );
  });

  it('ignores whitespace and comments when asked; exits 0 when nothing else differs', async () => {
    const ws = await opsdeck('diff', '-w', '-c', `db1:${dir}/a.cnf`, `db2:${dir}/a.cnf`);
    expect(ws.code).toBe(1);
    expect(ws.stdout).toContain('-max_connections = 100\n+max_connections = 200');
    expect(ws.stdout).not.toMatch(/^[-+](port|# one)/m);
    const same = await opsdeck('diff', '--ignore-comments', `db1:${dir}/a.cnf`, `db3:${dir}/a.cnf`);
    expect(same).toMatchObject({ code: 0, stdout: '' });
  });

  it('--json gives the result; a missing side is compared as empty and said so', async () => {
    writeFileSync(join(local, 'a.cnf'), '[mysqld]\nport = 3306\n');
    const r = await opsdeck('--json', 'diff', join(local, 'a.cnf'), `db1:${dir}/nope.cnf`);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ different: true, stats: { added: 0, removed: 2 } });
    expect(json.sides[1]).toMatchObject({ missing: true, hostName: 'db1' });
    const human = await opsdeck('diff', join(local, 'a.cnf'), `db1:${dir}/nope.cnf`);
    expect(human.stderr).toContain('does not exist: compared as an empty file');
  });

  it('exits 2 with a message and a hint when a side cannot be read', async () => {
    const r = await opsdeck('diff', 'db1:/bin/true', `db2:${dir}/a.cnf`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary file[\s\S]*hint:[\s\S]*\[FILE_BINARY\]/);
  });
});

describe('opsdeck drift', () => {
  it('shows clusters and the baseline, exits 1 when a host deviates', async () => {
    const r = await opsdeck('drift', '--hosts', 'db1,db2,db3', `${dir}/a.cnf`, '--ignore-comments');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('baseline: majority: 2 hosts like db1; comments ignored');
    expect(r.stdout).toMatch(/db2\s+ok\s+2\s+NO\s+\+2 -2/);
    expect(r.stdout).toContain(`Look closer: opsdeck diff db1:${dir}/a.cnf db2:${dir}/a.cnf`);
    const json = await opsdeck('--json', 'drift', '--hosts', 'db1,db3', `${dir}/a.cnf`, '-c');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).clusters).toHaveLength(1);
  });

  it('--push writes the baseline to the hosts that differ (config-push, go-ahead by --yes)', async () => {
    const plan = await opsdeck(
      'drift',
      '--hosts',
      'db1,db2,db3',
      `${dir}/a.cnf`,
      '-c',
      '--plan-push',
    );
    expect(plan.stdout).toMatch(/push/i);
    expect(plan.stdout).toContain('db2');
    const r = await opsdeck(
      'drift',
      '--hosts',
      'db1,db2,db3',
      `${dir}/a.cnf`,
      '-c',
      '--push',
      '--yes',
    );
    expect(r.code).toBe(0);
    const cat = await lab.core.ssh.exec(lab.core.hosts.get('db2'), `cat ${dir}/a.cnf`);
    expect(cat.stdout).toBe('[mysqld]\n# one\nport = 3306\nmax_connections = 100\n');
    const again = await opsdeck('drift', '--hosts', 'db1,db2', `${dir}/a.cnf`);
    expect(again.code).toBe(0);
  });
});
