import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsdeckError, saveSudoFor } from '../../contract';
import { caller, type Call } from '../../../testing/core/ssh-fixture';
import { STOCK_HOST, SUDO_LOGIN, SUDO_PASSWORD_LOGIN } from '../../../testing/lab/lab';
import {
  addStockLogin,
  labCore,
  releaseLabCore,
  resetStock,
  rootSql,
} from '../../../testing/lab/stock-lab';

/**
 * Config diff, save-back and push on hosts as Debian installs MariaDB, reached the way a cloud
 * image has them: a non-root login (`admin`) with passwordless sudo, and one (`deploy`) whose sudo
 * wants a password. The file is the package's /etc/mysql/mariadb.conf.d/50-server.cnf (root:root
 * 0644 in a root-owned folder): readable by anyone, writable only through sudo.
 */
describe('config diff and push on stock hosts through sudo logins', () => {
  let t: Awaited<ReturnType<typeof labCore>>;
  const path = STOCK_HOST.serverConfig;

  const rootShell = async (host: string, command: string) => {
    const r = await t.core.ssh.exec(t.core.hosts.get(host), command);
    expect(r.code, `${host}: ${command}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  let call: Call;
  const compare = (a: string, b: string) =>
    call('diff.compare', {
      sources: [
        { kind: 'host', hostId: a, path },
        { kind: 'host', hostId: b, path },
      ],
    });
  /** The error a call ends with (it must fail). */
  const refusal = async (p: Promise<unknown>) => {
    const err: unknown = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof OpsdeckError)) throw new Error('expected the call to be refused');
    return err;
  };
  const withLine = (text: string, line: string) =>
    text.replace(/^\[mysqld\]$/m, `[mysqld]\n${line}`);
  const readAs = async (host: string) => {
    const { sides } = await call('diff.load', { sources: [{ kind: 'host', hostId: host, path }] });
    const [side] = sides;
    if (!side) throw new Error(`nothing read from ${host}`);
    return side;
  };

  beforeAll(async () => {
    resetStock('stock1', 'stock2');
    t = await labCore();
    call = caller(t);
    await addStockLogin(t, 'peer1', 1, SUDO_LOGIN);
    await addStockLogin(t, 'peer2', 2, SUDO_LOGIN);
    await addStockLogin(t, 'locked2', 2, SUDO_PASSWORD_LOGIN);
  }, 120_000);
  afterAll(() => releaseLabCore(t), 120_000);

  it('compares the package file on two hosts through the sudo login: only bind-address differs', async () => {
    const d = await compare('peer1', 'peer2');
    expect(d.different).toBe(true);
    expect(d.stats).toMatchObject({ added: 1, removed: 1 });
    expect(d.unified).toMatch(/^-bind-address\s*=\s*127\.0\.\d+\.101$/m);
    expect(d.unified).toMatch(/^\+bind-address\s*=\s*127\.0\.\d+\.102$/m);
    expect(d.sides[0]).toMatchObject({ path, editable: true, uid: 0, gid: 0, mode: 0o644 });
  });

  it('saves a change as the admin login: validated, backed up, owner and mode kept, server restarted with it', async () => {
    // As a user has it: the host added with its login, its profile detected (restart command).
    const { runId } = t.core.workflows.start(
      { workflow: 'collect-facts', params: { hostIds: [t.core.hosts.get('peer1').id] } },
      'cli',
    );
    expect((await t.core.workflows.wait(runId)).status).toBe('succeeded');
    expect(t.core.hosts.get('peer1').profile).toMatchObject({
      sudo: true,
      mysqlServiceRestart: STOCK_HOST.restart,
    });

    const before = await readAs('peer1');
    const saved = await call('diff.save', {
      hostId: 'peer1',
      path,
      content: withLine(before.content, 'max_connections = 251'),
      expectedEtag: before.etag,
      validate: true,
      reload: true,
    });
    expect(saved.validation?.ok, saved.validation?.output).toBe(true);
    expect(saved.reload?.ok, saved.reload?.output).toBe(true);
    expect(saved.backupPath).toMatch(/50-server\.cnf\.opsdeck-\d{8}-\d{6}\.bak$/);
    // The package's owner and mode stay; the backup holds the package's content.
    expect(await rootShell('stock1', `stat -c '%U:%G %a' ${path} ${saved.backupPath ?? ''}`)).toBe(
      'root:root 644\nroot:root 644\n',
    );
    expect(await rootShell('stock1', `cat ${saved.backupPath ?? ''}`)).toBe(before.content);
    expect(await rootShell('stock1', `grep -c '^max_connections = 251$' ${path}`)).toBe('1\n');
    // Nothing left behind in the folder the server reads (!includedir): no temp file.
    expect(await rootShell('stock1', `ls -a /etc/mysql/mariadb.conf.d`)).not.toMatch(
      /opsdeck.*tmp/,
    );
    // The restart went through sudo and the server runs with the new value.
    t.core.mysql.close(t.core.hosts.get('stock1').id);
    const [row] = await rootSql(t, 'stock1', 'SELECT @@max_connections AS m');
    expect(Number(row?.m)).toBe(251);
    const audit = t.core.audit.list(50).find((a) => a.action === 'diff.save');
    expect(audit).toMatchObject({ target: 'peer1', outcome: 'ok' });
  }, 120_000);

  it('restores the snapshot taken before that save through sudo: the package content is back', async () => {
    const [snap] = await call('snapshots.list', { hostId: 'peer1', path });
    expect(snap).toMatchObject({ reason: 'before-save' });
    const restored = await call('snapshots.restore', { snapshotId: snap?.id ?? 0, validate: true });
    expect(restored.validation?.ok).toBe(true);
    expect(await rootShell('stock1', `grep -c '^max_connections' ${path} || true`)).toBe('0\n');
    expect(await rootShell('stock1', `stat -c '%U:%G %a' ${path}`)).toBe('root:root 644\n');
  }, 60_000);

  it('saves the way the window does after an SFTP read on the admin login: through sudo, as the host needs', async () => {
    // The package file is world-readable: the window read it over SFTP, so it sends no sudo
    // (saveSudoFor), and the save goes through sudo -n when SFTP may not write the folder.
    const before = await readAs('peer1');
    expect(before.readVia).toBe('sftp');
    const sudo = saveSudoFor(before.readVia);
    expect(sudo).toBeUndefined();
    const saved = await call('diff.save', {
      hostId: 'peer1',
      path,
      content: withLine(before.content, 'max_connections = 253'),
      expectedEtag: before.etag,
      sudo,
      validate: true,
    });
    expect(saved.validation?.ok, saved.validation?.output).toBe(true);
    // Within the same second as an earlier save, the backup name gets a -2, -3… suffix.
    expect(saved.backupPath).toMatch(/50-server\.cnf\.opsdeck-\d{8}-\d{6}(-\d+)?\.bak$/);
    expect(await rootShell('stock1', `cat ${saved.backupPath ?? ''}`)).toBe(before.content);
    expect(await rootShell('stock1', `grep -c '^max_connections = 253$' ${path}`)).toBe('1\n');
    expect(await rootShell('stock1', `stat -c '%U:%G %a' ${path}`)).toBe('root:root 644\n');
    // The next save starts from what was written: the etag returned is the file's now.
    expect((await readAs('peer1')).etag).toBe(saved.etag);
  }, 60_000);

  it('a save told never to use sudo is refused with PERMISSION_DENIED and a hint; nothing changes', async () => {
    const before = await readAs('peer1');
    const listing = await rootShell('stock1', 'ls -a /etc/mysql/mariadb.conf.d');
    const err = await refusal(
      call('diff.save', {
        hostId: 'peer1',
        path,
        content: withLine(before.content, 'max_connections = 254'),
        expectedEtag: before.etag,
        sudo: false,
        validate: true,
      }),
    );
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.message).toMatch(
      /admin may not write \/etc\/mysql\/mariadb\.conf\.d\/50-server\.cnf on peer1 over SFTP/,
    );
    expect(err.message).toMatch(/not to use sudo/);
    expect(err.hint).toMatch(/sudo -n/);
    expect(await rootShell('stock1', `cat ${path}`)).toBe(before.content);
    expect(await rootShell('stock1', 'ls -a /etc/mysql/mariadb.conf.d')).toBe(listing);
  }, 60_000);

  it('a change the server would refuse is not saved (validation through sudo)', async () => {
    const before = await readAs('peer1');
    const err = await refusal(
      call('diff.save', {
        hostId: 'peer1',
        path,
        content: withLine(before.content, 'no_such_option_here = 1'),
        expectedEtag: before.etag,
        validate: true,
      }),
    );
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/no_such_option_here|unknown variable/i);
    expect(await rootShell('stock1', `cat ${path}`)).toBe(before.content);
  }, 60_000);

  it('sudo that wants a password: reading works (the file is world-readable), saving says why it cannot', async () => {
    const before = await readAs('locked2');
    expect(before.content).toMatch(/^\[mysqld\]$/m);
    const err = await refusal(
      call('diff.save', {
        hostId: 'locked2',
        path,
        content: withLine(before.content, 'max_connections = 252'),
        expectedEtag: before.etag,
        validate: true,
      }),
    );
    expect(err.code).toBe('SUDO_PASSWORD_REQUIRED');
    expect(err.message).toMatch(/deploy on locked2 cannot use sudo without a password/);
    expect(err.hint).toMatch(/NOPASSWD/);
    expect(await rootShell('stock2', `cat ${path}`)).toBe(before.content);
  }, 60_000);

  it('pushes peer1’s file to peer2 through sudo with a backup, then the drift is gone', async () => {
    // peer1's file binds peer1's address: the baseline is a copy with one more setting.
    const target = await readAs('peer2');
    const { runId } = t.core.workflows.start(
      {
        workflow: 'config-push',
        params: {
          path,
          source: { kind: 'host', hostId: 'peer1' },
          targets: ['peer2'],
          validate: true,
          reload: false,
        },
        options: { approveGates: true },
      },
      'cli',
    );
    const run = await t.core.workflows.wait(runId);
    const detail = t.core.workflows.detail(runId);
    expect(
      run.status,
      `${run.error?.message ?? ''}\n${detail.logs.map((l) => l.text).join('\n')}`,
    ).toBe('succeeded');
    const ls = await rootShell('stock2', `ls /etc/mysql/mariadb.conf.d`);
    const backup = /50-server\.cnf\.opsdeck-\d{8}-\d{6}\.bak/.exec(ls)?.[0];
    expect(backup).toBeDefined();
    expect(await rootShell('stock2', `cat /etc/mysql/mariadb.conf.d/${backup ?? ''}`)).toBe(
      target.content,
    );
    expect(await rootShell('stock2', `stat -c '%U:%G %a' ${path}`)).toBe('root:root 644\n');
    expect((await compare('peer1', 'peer2')).different).toBe(false);
    // Every command on peer2 went through sudo -n.
    const execs = t.core.audit
      .list(500)
      .filter((a) => a.runId === runId && a.target === 'peer2' && a.action.endsWith('ssh.exec'));
    expect(execs.every((a) => a.detail.startsWith('sudo -n '))).toBe(true);
  }, 120_000);
});
