import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServices } from '../../../../testing/core/ssh-fixture';

/**
 * "Push the baseline to these hosts" on the lab: plan, per-host children (validate, write,
 * reload, verify), stop at the first failure and roll back from the backups.
 */
let s: Awaited<ReturnType<typeof labServices>>;
const dir = `/etc/mysql/opsdeck-push-${randomBytes(3).toString('hex')}`;
const path = `${dir}/app.cnf`;
const sh = async (host: string, command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get(host), command);
  if (r.code !== 0) throw new Error(`${host}: ${command}: ${r.stderr}`);
  return r.stdout;
};
const put = (host: string, text: string) =>
  sh(
    host,
    `mkdir -p ${dir} && printf '${text.replace(/\n/g, '\\n')}' > ${path} && chmod 640 ${path}`,
  );
const BASE = '[mysqld]\nmax_connections = 500\n';

beforeAll(async () => {
  s = await labServices();
});
afterAll(async () => {
  for (const h of ['db1', 'db2', 'db3']) await sh(h, `rm -rf ${dir}`).catch(() => {});
  await s?.dispose();
});

const start = (params: Record<string, unknown>) =>
  s.core.workflows.start(
    {
      workflow: 'config-push',
      params: { path, source: { kind: 'host', hostId: 'db1' }, targets: ['db2', 'db3'], ...params },
      options: { approveGates: true },
    },
    'cli',
  );

describe('config-push', () => {
  it('plans without changing anything: one child per host, writes marked, the gate listed', async () => {
    await put('db1', BASE);
    await put('db2', '[mysqld]\nmax_connections = 100\n');
    await put('db3', BASE);
    const plan = await s.core.workflows.plan({
      workflow: 'config-push',
      params: { path, source: { kind: 'host', hostId: 'db1' }, targets: ['db2', 'db3'] },
    });
    expect(plan.steps.map((x) => x.id)).toEqual(['baseline', 'confirm', 'push']);
    // The go-ahead asks for the path to be typed.
    expect(plan.steps.find((x) => x.id === 'confirm')?.gates[0]?.typed).toBe(path);
    const push = plan.steps.find((x) => x.id === 'push');
    expect(push?.children.map((c) => c.title)).toEqual(['db2', 'db3']);
    const db2 = push?.children.find((c) => c.title === 'db2');
    expect(db2?.actions.filter((a) => a.write).length).toBeGreaterThanOrEqual(2); // validate, write
    // db3 already has the content: only its read is planned.
    expect(push?.children.find((c) => c.title === 'db3')?.actions.every((a) => !a.write)).toBe(
      true,
    );
    expect(await sh('db2', `cat ${path}`)).toBe('[mysqld]\nmax_connections = 100\n');
  });

  it('pushes: validated, backed up, verified; a host with the content already is left alone', async () => {
    const { runId } = start({});
    const run = await s.core.workflows.wait(runId);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    expect(await sh('db2', `cat ${path}; stat -c %a ${path}`)).toBe(`${BASE}640\n`);
    expect(await sh('db2', `ls ${dir}`)).toMatch(/app\.cnf\.opsdeck-\d{8}-\d{6}\.bak/);
    expect(await sh('db3', `ls ${dir}`)).toBe('app.cnf\n');
    const snaps = await s.call('snapshots.list', { path });
    expect(snaps.map((x) => x.reason).sort()).toEqual(['before-save', 'push']);
    // db2's push is audited with its diff and the backup; every write command too (run id).
    const audit = (await s.call('audit.list', { target: 'db2', limit: 50 })).filter(
      (a) => a.runId === runId,
    );
    const file = audit.find((a) => a.action === 'config-push: file');
    expect(file?.outcome).toBe('ok');
    expect(file?.detail).toContain('-max_connections = 100');
    expect(file?.detail).toContain('+max_connections = 500');
    expect(file?.detail).toMatch(/backup \S+\.opsdeck-\d{8}-\d{6}\.bak; validated: /);
    expect(audit.some((a) => a.action === 'config-push: ssh.exec')).toBe(true);
  });

  it('stops at the first failure and puts the backups back (a reload that fails on db3)', async () => {
    await put('db2', '[mysqld]\nmax_connections = 100\n');
    await put('db3', '[mysqld]\nmax_connections = 300\n');
    await put('db1', '[mysqld]\nmax_connections = 900\n');
    await s.call('hosts.update', {
      id: 'db3',
      patch: { profile: { sudo: false, configChecks: [{ path: `${dir}/*`, reload: 'exit 3' }] } },
    });
    await s.call('hosts.update', {
      id: 'db2',
      patch: { profile: { sudo: false, configChecks: [{ path: `${dir}/*`, reload: 'true' }] } },
    });
    const { runId } = start({ parallel: 1 });
    const run = await s.core.workflows.wait(runId);
    expect(run.status).toBe('rolled-back');
    // db2 was written, then restored by the rollback; db3 restored itself when its reload failed.
    expect(await sh('db2', `cat ${path}`)).toBe('[mysqld]\nmax_connections = 100\n');
    expect(await sh('db3', `cat ${path}`)).toBe('[mysqld]\nmax_connections = 300\n');
    const detail = await s.call('workflows.run', { runId });
    expect(JSON.stringify(detail)).toContain('restored from');
    const [db3] = (await s.call('audit.list', { target: 'db3', limit: 50 })).filter(
      (a) => a.runId === runId && a.action === 'config-push: file',
    );
    expect(db3?.outcome).toBe('failed');
    expect(db3?.detail).toMatch(/then the reload failed .*put back from the backup/);
  });

  it('a baseline that fails validation replaces nothing', async () => {
    await put('db1', '[mysqld]\nnot_an_option = 1\n');
    await put('db2', BASE);
    await s.call('hosts.update', { id: 'db2', patch: { profile: { sudo: false } } });
    await s.call('hosts.update', { id: 'db3', patch: { profile: { sudo: false } } });
    const { runId } = start({ targets: ['db2'] });
    const run = await s.core.workflows.wait(runId);
    expect(run.status).toBe('rolled-back');
    expect(run.error?.message ?? JSON.stringify(run)).toMatch(/not_an_option|validation/);
    expect(await sh('db2', `cat ${path}`)).toBe(BASE);
    expect((await sh('db2', `ls -A ${dir}`)).split('\n').filter((f) => f.includes('.tmp'))).toEqual(
      [],
    );
    const [audit] = (await s.call('audit.list', { target: 'db2', limit: 50 })).filter(
      (a) => a.runId === runId && a.action === 'config-push: file',
    );
    expect(audit?.outcome).toBe('failed');
    expect(audit?.detail).toMatch(/failed validation, nothing replaced[^]*\+not_an_option = 1/);
  });
});
