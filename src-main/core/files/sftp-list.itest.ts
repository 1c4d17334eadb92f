import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { labInventoryPath } from '../../../testing/lab/lab';
import { runCli } from '../../../testing/cli/run-cli';
import { labServices } from '../../../testing/core/ssh-fixture';

/** files.list against db2 (the CLI's `files ls` too), in a throwaway folder under /tmp. */
let s: Awaited<ReturnType<typeof labServices>>;
const dir = `/tmp/opsdeck-ls-${randomBytes(4).toString('hex')}`;
const cliHome = mkdtempSync(join(tmpdir(), 'opsdeck-ls-cli-'));
const sh = async (command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get('db2'), command);
  if (r.code !== 0) throw new Error(`${command}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  s = await labServices();
  await sh(
    [
      `mkdir -p ${dir}/sub ${dir}/log9 ${dir}/log10`,
      `printf 'hello' > ${dir}/a.txt`,
      `chown 1:2 ${dir}/a.txt && chmod 4750 ${dir}/a.txt`,
      `touch -d '2024-01-02 03:04:05 UTC' ${dir}/a.txt`,
      `printf 'x\\n' > ${dir}/B.log`,
      `ln -s sub ${dir}/link-to-sub`,
      `ln -s nowhere ${dir}/gone`,
      `mkfifo ${dir}/pipe`,
    ].join(' && '),
  );
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sh(`rm -rf ${dir}`).catch(() => {});
  await s?.dispose();
  rmSync(cliHome, { recursive: true, force: true });
});

describe('files.list', () => {
  it('lists directories first with types, modes, owners, sizes, mtimes and link targets', async () => {
    const listing = await s.call('files.list', { hostId: 'db2', path: `${dir}/sub/..` });
    expect(listing.path).toBe(dir);
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => e.name)).toEqual([
      'link-to-sub',
      'log9',
      'log10',
      'sub',
      'a.txt',
      'B.log',
      'gone',
      'pipe',
    ]);
    const [owner, group] = (await sh(`stat -c '%U %G' ${dir}/a.txt`)).trim().split(' ');
    const byName = new Map(listing.entries.map((e) => [e.name, e]));
    expect(byName.get('a.txt')).toEqual({
      name: 'a.txt',
      type: 'file',
      size: 5,
      mode: 0o4750,
      permissions: '-rwsr-x---',
      uid: 1,
      gid: 2,
      owner,
      group,
      mtimeMs: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    expect(byName.get('sub')).toMatchObject({ type: 'dir', permissions: 'drwxr-xr-x' });
    expect(byName.get('link-to-sub')).toMatchObject({
      type: 'symlink',
      permissions: 'lrwxrwxrwx',
      target: 'sub',
      targetType: 'dir',
    });
    expect(byName.get('gone')).toMatchObject({
      type: 'symlink',
      target: 'nowhere',
      targetType: 'missing',
    });
    expect(byName.get('pipe')).toMatchObject({ type: 'other', permissions: 'prw-r--r--' });
  });

  it('resolves . to the login user’s home and truncates at the limit', async () => {
    const home = (await sh('cd && pwd -P')).trim();
    expect((await s.call('files.list', { hostId: 'db2', path: '.', limit: 1 })).path).toBe(home);
    const first2 = await s.call('files.list', { hostId: 'db2', path: dir, limit: 2 });
    expect(first2).toMatchObject({ truncated: true });
    expect(first2.entries.map((e) => e.name)).toEqual(['link-to-sub', 'log9']);
  });

  it('says clearly when the path is missing or is a file', async () => {
    await expect(
      s.call('files.list', { hostId: 'db2', path: `${dir}/missing` }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('db2') });
    await expect(
      s.call('files.list', { hostId: 'db2', path: `${dir}/a.txt` }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMS', message: `${dir}/a.txt on db2 is a file.` });
  });
});

describe('opsdeck files ls', () => {
  it('prints an ls -l style table, links with their target', async () => {
    process.env.OPSDECK_VAULT_PASSPHRASE = 'ls-test-passphrase';
    const imported = await runCli(cliHome, '--json', 'hosts', 'import', 'lab', labInventoryPath);
    expect(imported.code).toBe(0);
    const res = await runCli(cliHome, 'files', 'ls', 'db2', dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${dir}:`);
    expect(lines[1]).toMatch(/^MODE\s+OWNER\s+GROUP\s+SIZE\s+MODIFIED\s+NAME$/);
    expect(lines[2]).toMatch(/^lrwxrwxrwx\s+root\s+root\s+3\s+\S+ \S+\s+link-to-sub -> sub$/);
    expect(lines.some((l) => /^-rwsr-x---\s+\S+\s+\S+\s+5\s+.*\sa\.txt$/.test(l))).toBe(true);
    const missing = await runCli(cliHome, '--json', 'files', 'ls', 'db2', `${dir}/missing`);
    expect(missing.code).not.toBe(0);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
