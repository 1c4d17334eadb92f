import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServices, nextEvent, recordEvents } from '../../../testing/core/ssh-fixture';

/** SFTP against db1: atomic write with backup and conflict refusal; transfers with progress. */
let s: Awaited<ReturnType<typeof labServices>>;
const dir = `/tmp/opsdeck-sftp-${randomBytes(4).toString('hex')}`;
const local = mkdtempSync(join(tmpdir(), 'opsdeck-transfer-'));
const sh = async (command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get('db1'), command);
  if (r.code !== 0) throw new Error(`${command}: ${r.stderr}`);
  return r.stdout;
};
const ls = async () => (await sh(`ls -A ${dir}`)).split('\n').filter(Boolean).sort();

beforeAll(async () => {
  s = await labServices();
  await sh(
    `mkdir -p ${dir} && printf '[mysqld]\\nport = 3306\\n' > ${dir}/my.cnf && chown 1:2 ${dir}/my.cnf && chmod 640 ${dir}/my.cnf`,
  );
});
afterAll(async () => {
  await sh(`rm -rf ${dir}`).catch(() => {});
  await s?.dispose();
  rmSync(local, { recursive: true, force: true });
});

describe('files.read / files.write', () => {
  it('reads text with mode, owner and an etag', async () => {
    const file = await s.call('files.read', { hostId: 'db1', path: `${dir}/my.cnf` });
    expect(file).toMatchObject({
      path: `${dir}/my.cnf`,
      content: '[mysqld]\nport = 3306\n',
      size: 21,
      mode: 0o640,
      uid: 1,
      gid: 2,
      binary: false,
    });
    expect(file.etag).toMatch(/^21-\d+-[0-9a-f]{64}$/);
  });

  it('writes atomically: new content, same mode and owner, timestamped backup, no temp left', async () => {
    const path = `${dir}/my.cnf`;
    const before = await s.call('files.read', { hostId: 'db1', path });
    const result = await s.call('files.write', {
      hostId: 'db1',
      path,
      content: '[mysqld]\nport = 3307\n',
      expectedEtag: before.etag,
    });
    expect(result.backupPath).toMatch(new RegExp(`^${path}\\.opsdeck-\\d{8}-\\d{6}\\.bak$`));
    expect(await sh(`cat ${path}`)).toBe('[mysqld]\nport = 3307\n');
    expect(await sh(`stat -c '%a %u %g' ${path}`)).toBe('640 1 2\n');
    expect(await sh(`cat ${result.backupPath}`)).toBe('[mysqld]\nport = 3306\n');
    expect(await sh(`stat -c '%a %u %g' ${result.backupPath}`)).toBe('640 1 2\n');
    expect(await ls()).toEqual(['my.cnf', result.backupPath!.slice(dir.length + 1)]);
    // The returned etag is the new version's: writing again with it works.
    const after = await s.call('files.read', { hostId: 'db1', path });
    expect(after.etag).toBe(result.etag);
    const audit = await s.call('audit.list', { limit: 1, target: 'db1' });
    expect(audit[0]).toMatchObject({ action: 'sftp.write', outcome: 'ok' });
  });

  it('refuses to overwrite a file that changed since it was read', async () => {
    const path = `${dir}/my.cnf`;
    const read = await s.call('files.read', { hostId: 'db1', path });
    await sh(`echo 'max_connections = 50' >> ${path}`); // someone else edits
    const filesBefore = await ls();
    await expect(
      s.call('files.write', { hostId: 'db1', path, content: 'mine\n', expectedEtag: read.etag }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('changed since you read it'),
      hint: expect.stringContaining('Reload'),
    });
    expect(await sh(`tail -1 ${path}`)).toBe('max_connections = 50\n');
    expect(await ls()).toEqual(filesBefore); // no temp file, no extra backup
  });

  it('a same-size edit within the same second is still a conflict (content hash)', async () => {
    const path = `${dir}/same.txt`;
    await sh(`printf 'aaaa\\n' > ${path}`);
    const read = await s.call('files.read', { hostId: 'db1', path });
    await sh(`printf 'bbbb\\n' > ${path} && touch -d @${Math.floor(read.mtimeMs / 1000)} ${path}`);
    await expect(
      s.call('files.write', { hostId: 'db1', path, content: 'cccc\n', expectedEtag: read.etag }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('creates a new file only when told it must not exist (expectedEtag null)', async () => {
    const path = `${dir}/new.conf`;
    const created = await s.call('files.write', {
      hostId: 'db1',
      path,
      content: 'x=1\n',
      expectedEtag: null,
    });
    expect(created.backupPath).toBeNull();
    expect(await sh(`stat -c '%a' ${path}; cat ${path}`)).toBe('644\nx=1\n');
    await expect(
      s.call('files.write', { hostId: 'db1', path, content: 'x=2\n', expectedEtag: null }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('writing through a symlink replaces the target and keeps the link', async () => {
    await sh(`printf 'v1\\n' > ${dir}/target.conf && ln -s target.conf ${dir}/link.conf`);
    const read = await s.call('files.read', { hostId: 'db1', path: `${dir}/link.conf` });
    expect(read.path).toBe(`${dir}/target.conf`);
    await s.call('files.write', {
      hostId: 'db1',
      path: `${dir}/link.conf`,
      content: 'v2\n',
      expectedEtag: read.etag,
    });
    expect(await sh(`readlink ${dir}/link.conf; cat ${dir}/link.conf`)).toBe('target.conf\nv2\n');
  });

  it('flags binary files, refuses files over the limit, says when a path is missing', async () => {
    const binary = await s.call('files.read', { hostId: 'db1', path: '/bin/true' });
    expect(binary).toMatchObject({ binary: true, content: '' });
    await expect(
      s.call('files.read', { hostId: 'db1', path: `${dir}/my.cnf`, maxBytes: 10 }),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', hint: expect.stringContaining('Download') });
    await expect(
      s.call('files.read', { hostId: 'db1', path: `${dir}/missing.conf` }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('db1') });
  });
});

describe('transfers', () => {
  it('download and upload with progress; upload replaces atomically with a backup', async () => {
    await sh(`head -c 3000000 /dev/urandom > ${dir}/blob.bin`);
    const rec = recordEvents(s.bus, 'transfer.progress');
    const target = join(local, 'blob.bin');
    const { transferId } = await s.call('files.download', {
      hostId: 'db1',
      remotePath: `${dir}/blob.bin`,
      localPath: target,
    });
    const done = await s.core.transfers.wait(transferId);
    expect(done).toMatchObject({ state: 'done', transferred: 3000000, total: 3000000 });
    expect(rec.events.filter((e) => e.transferId === transferId).length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(target).length).toBe(3000000);
    expect(existsSync(`${target}.opsdeck-part`)).toBe(false);

    writeFileSync(join(local, 'up.bin'), randomBytes(1_000_000));
    const up = await s.call('files.upload', {
      hostId: 'db1',
      localPath: join(local, 'up.bin'),
      remotePath: `${dir}/blob.bin`,
    });
    const uploaded = await s.core.transfers.wait(up.transferId);
    rec.stop();
    expect(uploaded).toMatchObject({ state: 'done', direction: 'upload', total: 1_000_000 });
    expect(uploaded.backupPath).toMatch(/blob\.bin\.opsdeck-\d{8}-\d{6}\.bak$/);
    expect(await sh(`stat -c %s ${dir}/blob.bin ${uploaded.backupPath}`)).toBe(
      '1000000\n3000000\n',
    );
    expect((await ls()).filter((f) => f.includes('.upload'))).toEqual([]);
  });

  it('cancel stops a download and removes the partial file', async () => {
    await sh(`head -c 200000000 /dev/zero > ${dir}/big.bin`);
    const target = join(local, 'big.bin');
    const { transferId } = await s.call('files.download', {
      hostId: 'db1',
      remotePath: `${dir}/big.bin`,
      localPath: target,
    });
    await nextEvent(
      s.bus,
      'transfer.progress',
      (e) => e.transferId === transferId && e.transferred > 0,
    );
    expect(await s.call('transfers.cancel', { transferId })).toEqual({ cancelled: true });
    const final = await s.core.transfers.wait(transferId);
    expect(final).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(final.transferred).toBeLessThan(200000000);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.opsdeck-part`)).toBe(false);
    await sh(`rm -f ${dir}/big.bin`);
  });
});
