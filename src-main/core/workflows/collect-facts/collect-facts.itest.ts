import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host, PromptRequest } from '../../../contract';
import { lab, labAddress, labInventoryPath } from '../../../../testing/lab/lab';
import { createTestServices } from '../../../../testing/core/core-fixture';

describe('collect-facts on real lab hosts', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  let hosts: Host[];

  beforeAll(async () => {
    t = await createTestServices();
    const imported = await t.router.call(
      'hosts.importLab',
      { path: labInventoryPath },
      { door: 'cli' },
    );
    expect(imported).toMatchObject({
      ok: true,
      value: { added: expect.arrayContaining(['db1', 'db2', 'db3']) },
    });
    hosts = t.core.hosts.list();
  });
  afterAll(async () => t.dispose());

  it('reads OS, kernel, disks and MariaDB over SSH and stores them on the host', async () => {
    const db2 = hosts.find((h) => h.name === 'db2') as Host;
    const { runId } = t.core.workflows.start(
      { workflow: 'collect-facts', params: { hostIds: [db2.id] } },
      'cli',
    );
    const summary = await t.core.workflows.wait(runId);
    expect(summary.error).toBeUndefined();
    expect(summary.status).toBe('succeeded');
    const facts = t.core.hosts.get('db2').facts;
    expect(facts).toMatchObject({
      hostname: 'db2',
      mysql: { installed: true, running: true, flavor: 'mariadb' },
    });
    expect(facts?.os).toMatch(/Debian/);
    expect(facts?.disks.length).toBeGreaterThan(0);
    expect(t.core.hosts.get('db2').profile.mysqlVersion).toMatch(/^\d+\.\d+/);
  });

  it('the plan lists every command and runs nothing that writes', async () => {
    const db1 = hosts.find((h) => h.name === 'db1') as Host;
    const plan = await t.core.workflows.plan({
      workflow: 'collect-facts',
      params: { hostIds: [db1.id, 'db2'] },
    });
    expect(plan.steps.map((s) => s.id)).toEqual(['collect']);
    const [step] = plan.steps;
    expect(step?.children.map((c) => c.title)).toEqual(['db1', 'db2']);
    expect(step?.limit).toBe(8);
    for (const child of step?.children ?? []) {
      // System, filesystems, MySQL, root access, services — then the option files as the server
      // reads them: every read listed, nothing that writes.
      expect(child.actions.length).toBeGreaterThan(5);
      expect(child.actions.every((a) => !a.write && a.target === child.title)).toBe(true);
      expect(child.actions.some((a) => a.detail.includes('sudo -n true'))).toBe(true);
      expect(child.actions.some((a) => a.detail.includes('mysqld.pid'))).toBe(true);
    }
  });

  it('reads many hosts at once: a host that fails does not hold back the others; resume reads only it', async () => {
    const [db1, db2, db3] = ['db1', 'db2', 'db3'].map((n) => t.core.hosts.get(n));
    lab('stop', 'db3', 'ssh');
    try {
      t.core.ssh.close(db3!.id);
      const before = db1!.facts?.collectedAt;
      const { runId } = t.core.workflows.start(
        { workflow: 'collect-facts', params: { hostIds: ['db1', 'db2', 'db3'], parallel: 2 } },
        'cli',
      );
      const failed = await t.core.workflows.wait(runId);
      expect(failed.status).toBe('failed');
      expect(failed.error?.message).toMatch(/^db3: /);
      const step = t.core.workflows.detail(runId).steps[0];
      expect(step?.children?.map((c) => [c.title, c.status])).toEqual([
        ['db1', 'done'],
        ['db2', 'done'],
        ['db3', 'failed'],
      ]);
      // The hosts that answered have their facts already.
      expect(t.core.hosts.get('db1').facts?.collectedAt).not.toBe(before);
      expect(t.core.hosts.get('db2').facts).toBeTruthy();
      const logs = t.core.workflows.detail(runId).logs;
      expect(logs.some((l) => l.childKey === db2!.id && /filesystem/.test(l.text))).toBe(true);

      lab('start', 'db3', 'ssh');
      const db1Again = t.core.hosts.get('db1').facts?.collectedAt;
      t.core.workflows.resume(runId);
      expect((await t.core.workflows.wait(runId)).status).toBe('succeeded');
      // db1 and db2 were not read again; db3 was.
      expect(t.core.hosts.get('db1').facts?.collectedAt).toBe(db1Again);
      expect(t.core.hosts.get('db3').facts?.hostname).toBe('db3');
      const output = t.core.workflows.detail(runId).output.collect as {
        hosts: number;
        facts: unknown[];
      };
      expect(output).toMatchObject({ hosts: 3 });
      expect(output.facts).toHaveLength(3);
      expect(db2).toBeTruthy();
    } finally {
      lab('start', 'db3', 'ssh');
    }
  });

  it('reports a stopped sshd as a failed step with a clear message, and resumes once it is back', async () => {
    const db3 = hosts.find((h) => h.name === 'db3') as Host;
    lab('stop', 'db3', 'ssh');
    try {
      t.core.ssh.close(db3.id);
      const { runId } = t.core.workflows.start(
        { workflow: 'collect-facts', params: { hostIds: [db3.id] } },
        'cli',
      );
      const failed = await t.core.workflows.wait(runId);
      expect(failed.status).toBe('failed');
      expect(failed.error?.code).toBe('SSH_REFUSED');
      expect(failed.error?.hint).toBeTruthy();
      lab('start', 'db3', 'ssh');
      t.core.workflows.resume(runId);
      expect((await t.core.workflows.wait(runId)).status).toBe('succeeded');
    } finally {
      lab('start', 'db3', 'ssh');
    }
  });

  it('asks before trusting an unknown host key and refuses the connection when rejected', async () => {
    const fresh = await createTestServices();
    try {
      const inv = await fresh.core.hosts.add({
        name: 'db1',
        address: labAddress(1),
        auth: 'key',
        keyPath: hosts[0]?.keyPath as string,
      });
      const asked: PromptRequest[] = [];
      fresh.bus.subscribe((m) => {
        if (m.topic !== 'prompt.request') return;
        const request = m.payload as PromptRequest;
        asked.push(request);
        fresh.core.prompts.answer({ kind: 'host-key', id: request.id, decision: 'reject' });
      });
      const result = await fresh.router.call(
        'hosts.testConnection',
        { id: inv.id },
        { door: 'web' },
      );
      expect(result).toMatchObject({
        ok: true,
        value: { ok: false, error: { code: 'HOST_KEY_REJECTED' } },
      });
      expect(asked[0]).toMatchObject({
        kind: 'host-key',
        address: labAddress(1),
        fingerprint: expect.stringMatching(/^SHA256:/),
      });
    } finally {
      await fresh.dispose();
    }
  });
});
