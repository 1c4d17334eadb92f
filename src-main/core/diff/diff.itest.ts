import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffLines, splitLines } from '../../contract';
import { labAddress } from '../../../testing/lab/lab';
import { labServices } from '../../../testing/core/ssh-fixture';

/**
 * Config diff against the lab: two hosts' MariaDB configs, save-back (atomic, backup, owner and
 * mode kept, snapshot, audit with the masked diff), conflicts, validation that replaces nothing,
 * the sudo path, snapshots, and drift over five hosts.
 */
let s: Awaited<ReturnType<typeof labServices>>;
const dir = `/etc/mysql/opsdeck-diff-${randomBytes(3).toString('hex')}`;
const local = mkdtempSync(join(tmpdir(), 'opsdeck-diff-'));
const sh = async (host: string, command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get(host), command);
  if (r.code !== 0) throw new Error(`${host}: ${command}: ${r.stderr}`);
  return r.stdout;
};
const ls = async (host: string) =>
  (await sh(host, `ls -A ${dir}`)).split('\n').filter(Boolean).sort();
const hosts = ['db1', 'db2', 'db3'];

beforeAll(async () => {
  s = await labServices();
  for (const h of hosts) await sh(h, `mkdir -p ${dir}`);
  for (const h of ['db1', 'db2'])
    await sh(
      h,
      `cp /etc/mysql/my.cnf ${dir}/my.cnf && chown 1:2 ${dir}/my.cnf && chmod 640 ${dir}/my.cnf`,
    );
}, 240_000);
afterAll(async () => {
  for (const h of hosts) await sh(h, `rm -rf ${dir}`).catch(() => {});
  await s?.dispose();
  rmSync(local, { recursive: true, force: true });
});

const host = (hostId: string, path = `${dir}/my.cnf`) => ({ kind: 'host' as const, hostId, path });

describe('diff two hosts’ MariaDB configs', () => {
  it('compares like diff -u and exits different', async () => {
    const r = await s.call('diff.compare', { sources: [host('db1'), host('db2')] });
    expect(r.different).toBe(true);
    expect(r.unified).toContain(`--- db1:${dir}/my.cnf`);
    expect(r.unified).toContain(
      `-server_id = 1\n-bind-address = ${labAddress(1)}\n+server_id = 2\n+bind-address = ${labAddress(2)}`,
    );
    expect(r.sides[0]).toMatchObject({
      kind: 'mysql',
      mode: 0o640,
      uid: 1,
      gid: 2,
      editable: true,
    });
  });

  it('moves a hunk (dp) and saves: atomic, backup left, owner and mode kept, snapshot, audit', async () => {
    const { sides } = await s.call('diff.load', { sources: [host('db1'), host('db2')] });
    const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
    // "dp" from db1's pane on its first hunk (server_id): db2 gets db1's line.
    const d = diffLines(a.content, b.content, {
      ignoreWhitespace: false,
      ignoreComments: false,
      kind: 'mysql',
    });
    const first = d.changes.find((c) => d.linesA[c.fromA]?.startsWith('server_id'))!;
    const linesB = splitLines(b.content).lines;
    linesB.splice(first.fromB, first.toB - first.fromB, ...d.linesA.slice(first.fromA, first.toA));
    const content = `${linesB.join('\n')}\n# password = not-for-the-audit\n`;
    const saved = await s.call('diff.save', {
      hostId: 'db2',
      path: b.path,
      content,
      expectedEtag: b.etag,
      validate: true,
    });
    expect(saved.validation).toMatchObject({ ok: true, exitCode: 0 });
    expect(saved.backupPath).toMatch(/my\.cnf\.opsdeck-\d{8}-\d{6}\.bak$/);
    expect(saved.stats).toEqual({ hunks: 2, added: 3, removed: 2 });
    expect(await sh('db2', `cat ${dir}/my.cnf`)).toBe(content);
    expect(await sh('db2', `stat -c '%a %u %g' ${dir}/my.cnf ${saved.backupPath}`)).toBe(
      '640 1 2\n640 1 2\n',
    );
    expect(await sh('db2', `cat ${saved.backupPath}`)).toBe(b.content);
    expect((await ls('db2')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The replaced content is a snapshot; the audit holds the diff with the secret masked.
    const snap = await s.call('diff.load', {
      sources: [{ kind: 'snapshot', snapshotId: saved.snapshotId! }, host('db2')],
    });
    expect(snap.sides[0]!.content).toBe(b.content);
    const [audit] = await s.call('audit.list', { limit: 1, target: 'db2' });
    expect(audit).toMatchObject({ action: 'diff.save', outcome: 'ok' });
    expect(audit!.detail).toContain('+server_id = 1');
    expect(audit!.detail).toContain('+# password = ••••••');
    expect(audit!.detail).not.toContain('not-for-the-audit');
  });

  it('refuses to save over a file changed on the host since it was read', async () => {
    const { sides } = await s.call('diff.load', { sources: [host('db1'), host('db2')] });
    await sh('db2', `echo 'max_connections = 77' >> ${dir}/my.cnf`);
    const before = await ls('db2');
    await expect(
      s.call('diff.save', {
        hostId: 'db2',
        path: sides[1]!.path,
        content: 'x\n',
        expectedEtag: sides[1]!.etag,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', hint: expect.stringContaining('Reload') });
    expect(await sh('db2', `tail -1 ${dir}/my.cnf`)).toBe('max_connections = 77\n');
    expect(await ls('db2')).toEqual(before);
  });

  it('a config that fails validation replaces nothing (MariaDB option file, haproxy.cfg)', async () => {
    const path = `${dir}/my.cnf`;
    const cur = (await s.call('diff.load', { sources: [host('db1'), host('db1')] })).sides[0]!;
    await expect(
      s.call('diff.save', {
        hostId: 'db1',
        path,
        content: `${cur.content}bogus_option = 1\n`,
        expectedEtag: cur.etag,
      }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining("unknown variable 'bogus_option=1'"),
    });
    expect(await sh('db1', `cat ${path}`)).toBe(cur.content);

    const cfg = `${dir}/haproxy.cfg`;
    const valid =
      'global\n  maxconn 100\ndefaults\n  mode http\n  timeout client 5s\n  timeout server 5s\n' +
      '  timeout connect 1s\nlisten web\n  bind 127.0.0.1:18080\n  server a 127.0.0.1:1\n';
    await sh('db1', `printf '${valid.replace(/\n/g, '\\n')}' > ${cfg} && chmod 600 ${cfg}`);
    const read = (await s.call('diff.load', { sources: [host('db1', cfg), host('db2', cfg)] }))
      .sides;
    expect(read[1]).toMatchObject({ missing: true, content: '', etag: null });
    const filesBefore = await ls('db1');
    await expect(
      s.call('diff.save', {
        hostId: 'db1',
        path: cfg,
        content: valid.replace('listen web', 'listen web\n  bogus_keyword'),
        expectedEtag: read[0]!.etag,
      }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining("unknown keyword 'bogus_keyword'"),
    });
    expect(await sh('db1', `cat ${cfg}`)).toBe(valid);
    expect(await ls('db1')).toEqual(filesBefore);
    const [audit] = await s.call('audit.list', { limit: 1, target: 'db1' });
    expect(audit).toMatchObject({ action: 'diff.save', outcome: 'failed' });
    // The missing side is created by a save (expectedEtag null), validated first.
    const created = await s.call('diff.save', {
      hostId: 'db2',
      path: cfg,
      content: valid,
      expectedEtag: null,
    });
    expect(created).toMatchObject({ backupPath: null, snapshotId: null, validation: { ok: true } });
    expect(await sh('db2', `stat -c %a ${cfg}`)).toBe('644\n');
  });

  it('refuses binary files and says the size limit', async () => {
    await expect(
      s.call('diff.load', { sources: [host('db1', '/bin/true'), host('db2', '/bin/true')] }),
    ).rejects.toMatchObject({ code: 'FILE_BINARY', message: expect.stringContaining('binary') });
    await expect(
      s.call('diff.load', { sources: [host('db1'), host('db2')], maxBytes: 100 }),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('limit') });
  });
});

describe('through sudo -n (profile: sudo)', () => {
  it('reads and saves with the shell scripts: validation, backup, conflict', async () => {
    const cfg = `${dir}/sudo.cnf`;
    await sh(
      'db3',
      `printf '[mysqld]\\nport = 3306\\n' > ${cfg} && chown 1:2 ${cfg} && chmod 604 ${cfg}`,
    );
    await s.call('hosts.update', { id: 'db3', patch: { profile: { sudo: true } } });
    const side = (
      await s.call('diff.load', { sources: [{ ...host('db3', cfg), sudo: true }, host('db1')] })
    ).sides[0]!;
    expect(side).toMatchObject({
      readVia: 'sudo',
      content: '[mysqld]\nport = 3306\n',
      mode: 0o604,
      uid: 1,
    });
    await expect(
      s.call('diff.save', {
        hostId: 'db3',
        path: cfg,
        content: '[mysqld]\nbogus = 1\n',
        expectedEtag: side.etag,
        sudo: true,
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const saved = await s.call('diff.save', {
      hostId: 'db3',
      path: cfg,
      content: '[mysqld]\nport = 3307\n',
      expectedEtag: side.etag,
      sudo: true,
    });
    expect(saved.validation?.ok).toBe(true);
    expect(await sh('db3', `cat ${cfg}; stat -c '%a %u %g' ${cfg}; cat ${saved.backupPath}`)).toBe(
      '[mysqld]\nport = 3307\n604 1 2\n[mysqld]\nport = 3306\n',
    );
    const again = (
      await s.call('diff.load', { sources: [{ ...host('db3', cfg), sudo: true }, host('db1')] })
    ).sides[0]!;
    expect(again.etag).toBe(saved.etag);
    await expect(
      s.call('diff.save', {
        hostId: 'db3',
        path: cfg,
        content: 'x\n',
        expectedEtag: side.etag,
        sudo: true,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await ls('db3')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('snapshots', () => {
  it('takes, lists, diffs against "yesterday" and restores', async () => {
    const path = `${dir}/snap.cnf`;
    await sh('db1', `printf 'a = 1\\n' > ${path}`);
    const first = await s.call('snapshots.take', { hostId: 'db1', path, note: 'before tuning' });
    await sh('db1', `printf 'a = 2\\n' > ${path}`);
    const list = await s.call('snapshots.list', { hostId: 'db1', path });
    expect(list[0]).toMatchObject({
      id: first.id,
      reason: 'manual',
      note: 'before tuning',
      size: 6,
    });
    const at = new Date(Date.now() + 1000).toISOString();
    const cmp = await s.call('diff.compare', {
      sources: [{ kind: 'snapshot-at', hostId: 'db1', path, at }, host('db1', path)],
    });
    expect(cmp.unified).toContain('-a = 1\n+a = 2');
    await expect(
      s.call('diff.load', {
        sources: [
          { kind: 'snapshot-at', hostId: 'db1', path, at: '2000-01-01T00:00:00Z' },
          host('db1', path),
        ],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('oldest') });
    const restored = await s.call('snapshots.restore', { snapshotId: first.id, validate: false });
    expect(await sh('db1', `cat ${path}`)).toBe('a = 1\n');
    expect(restored.snapshotId).not.toBeNull();
    // Snapshot content is encrypted at rest: the store never holds the plaintext.
    const rows = s.core.db.prepare('SELECT ciphertext FROM snapshot_blobs').all() as {
      ciphertext: Buffer;
    }[];
    expect(rows.some((r) => r.ciphertext.includes('a = 1'))).toBe(false);
  });
});

describe('templates', () => {
  it('renders a local template with the host’s variables and compares', async () => {
    const tmpl = join(local, 'my.cnf.tmpl');
    writeFileSync(tmpl, '[mysqld]\nserver_id = {{ address_last }}\nreport_host = {{ name }}\n');
    const path = `${dir}/tmpl.cnf`;
    await sh('db2', `printf '[mysqld]\\nserver_id = 2\\nreport_host = db-two\\n' > ${path}`);
    const r = await s.call('diff.compare', {
      sources: [{ kind: 'template', path: tmpl, hostId: 'db2' }, host('db2', path)],
    });
    expect(r.sides[0]).toMatchObject({
      label: `template ${tmpl} for db2`,
      kind: 'mysql',
      editable: false,
    });
    expect(r.unified).toContain('-report_host = db2\n+report_host = db-two');
    expect(r.stats).toMatchObject({ added: 1, removed: 1 });
  });
});

describe('drift', () => {
  it('clusters five hosts with two deviating; an unreachable host is marked, the rest shown', async () => {
    // Five inventory hosts on the lab's three: db1-a and db1-b are more logins to db1 (real SSH
    // sessions reading the same file), so the lab keeps its size for the other tests.
    const path = `${dir}/drift.cnf`;
    const golden = '[mysqld]\n# tuned for 4 GiB\nmax_connections = 500\nwait_timeout = 600\n';
    await sh('db1', `printf '${golden.replace(/\n/g, '\\n')}' > ${path}`);
    await sh(
      'db2',
      `printf '[mysqld]\\n# tuned for 4 GiB\\nmax_connections = 100\\nwait_timeout = 600\\n' > ${path}`,
    );
    await sh(
      'db3',
      `printf '[mysqld]\\n# tuned by hand\\nmax_connections=500\\nwait_timeout = 600\\n' > ${path}`,
    );
    const db1 = s.core.hosts.get('db1');
    for (const name of ['db1-a', 'db1-b'])
      await s.call('hosts.add', {
        name,
        address: db1.address,
        port: db1.port,
        user: db1.user,
        auth: db1.auth,
        ...(db1.keyPath ? { keyPath: db1.keyPath } : {}),
        groups: ['drifttest'],
      });
    await s.call('hosts.add', {
      name: 'gone1',
      address: labAddress(99),
      groups: ['drifttest'],
      auth: 'agent',
    });
    for (const h of hosts)
      await s.call('hosts.update', { id: h, patch: { groups: ['drifttest'] } });

    const r = await s.call('drift.run', { group: 'drifttest', path, timeoutSec: 10 });
    expect(r.hosts.map((h) => [h.hostName, h.status, h.matchesBaseline])).toEqual([
      ['db1', 'ok', true],
      ['db1-a', 'ok', true],
      ['db1-b', 'ok', true],
      ['db2', 'ok', false],
      ['db3', 'ok', false],
      ['gone1', 'unreachable', false],
    ]);
    expect(r.baseline).toMatchObject({
      kind: 'majority',
      label: 'majority: 3 hosts like db1',
      clusterId: 1,
    });
    const names = (ids: string[]) => ids.map((id) => s.core.hosts.get(id).name);
    expect(r.clusters.map((c) => [names(c.hostIds), c.baseline, c.added, c.removed])).toEqual([
      [['db1', 'db1-a', 'db1-b'], true, 0, 0],
      [['db2'], false, 1, 1],
      [['db3'], false, 2, 2],
    ]);
    expect(r.hosts.find((h) => h.hostName === 'gone1')?.error?.code).toMatch(/^SSH_|TIMEOUT/);

    // Whitespace and comments ignored: db3 joins the baseline, db2 still deviates.
    const lenient = await s.call('drift.run', {
      group: 'drifttest',
      path,
      ignoreWhitespace: true,
      ignoreComments: true,
      timeoutSec: 10,
    });
    expect(lenient.clusters.map((c) => names(c.hostIds))).toEqual([
      ['db1', 'db1-a', 'db1-b', 'db3'],
      ['db2'],
    ]);

    // A golden host as baseline; a host missing the file forms its own marked cluster.
    await sh('db3', `rm ${path}`);
    const gold = await s.call('drift.run', {
      group: 'drifttest',
      path,
      baseline: { kind: 'host', hostId: 'db2' },
    });
    expect(gold.baseline.label).toBe('golden host db2');
    expect(names(gold.clusters.find((c) => c.baseline)!.hostIds)).toEqual(['db2']);
    expect(names(gold.clusters.find((c) => c.missing)!.hostIds)).toEqual(['db3']);
    expect(gold.hosts.find((h) => h.hostName === 'db3')?.status).toBe('missing');
    // Drift keeps each changed file as a snapshot (history for "yesterday").
    expect((await s.call('snapshots.list', { hostId: 'db2', path })).map((x) => x.reason)).toEqual([
      'drift',
    ]);
  });
});

describe('push pieces (per host: validate, write, verify, restore from the backup)', () => {
  it('pushes a file and rolls it back from the backup', async () => {
    const { readCurrent, validateNew, writeNew, verifyContent, restoreBackup } =
      await import('./push-pieces');
    const exec = s.core.diff.hostFiles.exec;
    const path = `${dir}/push.cnf`;
    await sh('db2', `printf '[mysqld]\\nport = 3306\\n' > ${path} && chmod 640 ${path}`);
    const host = s.core.hosts.get('db2');
    const file = { host, path, content: Buffer.from('[mysqld]\nport = 3310\n') };
    const cur = await readCurrent(exec, file);
    await expect(
      validateNew(exec, { ...file, content: Buffer.from('[mysqld]\nnope = 1\n') }, cur.etag),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(await validateNew(exec, file, cur.etag)).toMatchObject({ ok: true });
    expect((await ls('db2')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const written = await writeNew(exec, file, cur.etag, new Date());
    await verifyContent(exec, file);
    expect(await sh('db2', `cat ${path}; stat -c %a ${path}`)).toBe('[mysqld]\nport = 3310\n640\n');
    await restoreBackup(exec, host, path, written.backupPath);
    expect(await sh('db2', `cat ${path}`)).toBe('[mysqld]\nport = 3306\n');
    await expect(verifyContent(exec, file)).rejects.toMatchObject({ code: 'CONFLICT' });
    // A file the push created is removed by the undo.
    const fresh = { ...file, path: `${dir}/created.cnf` };
    const created = await writeNew(exec, fresh, null, new Date());
    expect(created.backupPath).toBeNull();
    await restoreBackup(exec, host, fresh.path, null);
    expect(await ls('db2')).not.toContain('created.cnf');
  });
});
