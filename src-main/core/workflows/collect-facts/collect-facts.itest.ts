import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host, PromptRequest } from '../../../contract';
import { lab, labAddress, labInventoryPath } from '../../../testing/lab';
import { createTestServices } from '../../../testing/core-fixture';

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
    const { runId } = t.core.workflows.start('collect-facts', { hostId: db2.id }, 'cli');
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
    const plan = await t.core.workflows.plan('collect-facts', { hostId: db1.id });
    expect(plan.steps.map((s) => s.id)).toEqual([
      'system',
      'disks',
      'mysql',
      'access',
      'server-profile',
    ]);
    expect(
      plan.steps.every(
        (s) => s.actions.length > 0 && s.actions.every((a) => !a.write && a.target === 'db1'),
      ),
    ).toBe(true);
  });

  it('reports a stopped sshd as a failed step with a clear message, and resumes once it is back', async () => {
    const db3 = hosts.find((h) => h.name === 'db3') as Host;
    lab('stop', 'db3', 'ssh');
    try {
      t.core.ssh.close(db3.id);
      const { runId } = t.core.workflows.start('collect-facts', { hostId: db3.id }, 'cli');
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
