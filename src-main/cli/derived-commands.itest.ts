import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../testing/cli/run-cli';
import { labInventoryPath } from '../../testing/lab/lab';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-derived-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';
const opsdeck = (...args: string[]) => runCli(home, ...args);
const remoteFile = `/tmp/opsdeck-derived-${process.pid}.txt`;

beforeAll(async () => {
  expect((await opsdeck('hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Commands derived from the contract, against the lab, as a script would run them. */
describe('derived commands, audit and watch against the lab', () => {
  it('hosts get <id>: a derived command with a positional id', async () => {
    const res = await opsdeck('--json', 'hosts', 'get', 'db1');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ name: 'db1', port: 22 });
  });

  it('asks before a change: refused without a terminal unless --yes; nested flags', async () => {
    const refused = await opsdeck('--json', 'hosts', 'update', 'db1', '--patch.notes', 'rack 4');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      hint: expect.stringContaining('--yes'),
    });
    const done = await opsdeck(
      '--json',
      'hosts',
      'update',
      'db1',
      '--patch.notes',
      'rack 4',
      '--patch.tags',
      'mysql',
      'rack4',
      '--yes',
    );
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ notes: 'rack 4', tags: ['mysql', 'rack4'] });
  });

  it('names the flag that is wrong, with a hint', async () => {
    const res = await opsdeck('--json', 'hosts', 'update', 'db1', '--patch.port', '70000', '--yes');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error).toMatchObject({
      code: 'INVALID_PARAMS',
      message: expect.stringMatching(/^--patch\.port: /),
    });
  });

  it('files write through --input, then opsdeck audit --since shows the record', async () => {
    const write = await opsdeck(
      '--json',
      'files',
      'write',
      '--host-id',
      'db1',
      '--path',
      remoteFile,
      '--content',
      'written by a derived command\n',
      '--input',
      JSON.stringify({ expectedEtag: null }),
      '--yes',
    );
    expect(write.stderr).toBe('');
    expect(write.code).toBe(0);
    const audit = await opsdeck('--json', 'audit', '--since', '10m', '--target', 'db1');
    expect(audit.code).toBe(0);
    const records = JSON.parse(audit.stdout) as { action: string; detail: string; door: string }[];
    expect(records[0]).toMatchObject({ action: 'sftp.write', door: 'cli' });
    expect(records[0]!.detail).toContain(remoteFile);
    const text = await opsdeck('audit', '--since', '10m', '-n', '1');
    expect(text.stdout).toMatch(/^TIME\s+DOOR\s+TARGET\s+ACTION/);
    // Clean up on the host (derived exec is hand-written: `opsdeck exec`).
    await opsdeck('exec', '--hosts', 'db1', '--', `rm -f ${remoteFile} ${remoteFile}.*`);
  });

  it('watch mysql.topology follows the feed: one JSON line per update', async () => {
    const res = await opsdeck(
      '--json',
      'watch',
      'mysql.topology',
      '--host',
      'db2',
      '--interval-ms',
      '1000',
      '--count',
      '2',
    );
    expect(res.code).toBe(0);
    const lines = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.seq)).toEqual([1, 2]);
    expect(lines[0]).toMatchObject({ feed: 'mysql.topology', data: { nodes: expect.any(Array) } });
  });

  it('watch refuses an unknown host at once', async () => {
    const res = await opsdeck('--json', 'watch', 'mysql.topology', '--host', 'nope');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error.code).toBe('NOT_FOUND');
  });
});
