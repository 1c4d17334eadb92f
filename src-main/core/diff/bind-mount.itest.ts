import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServices } from '../../../testing/core/ssh-fixture';

/**
 * Save-back onto a bind-mounted file, as a container's /etc/hosts or /etc/resolv.conf is: each lab
 * host has its own /etc/hosts bind-mounted over the machine's (scripts/lab/namespace-setup.mjs),
 * so rename(2) over it fails with EBUSY. The save writes it in place after the backup, keeps its
 * mode, says so in the result and the audit, and still refuses a file changed since it was read.
 * Each test puts the host's original /etc/hosts back (in place) and removes its backups.
 */
let s: Awaited<ReturnType<typeof labServices>>;
const sh = async (host: string, command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get(host), command);
  if (r.code !== 0) throw new Error(`${host}: ${command}: ${r.stderr}`);
  return r.stdout;
};
const HOSTS = '/etc/hosts';

beforeAll(async () => {
  s = await labServices();
}, 240_000);
afterAll(async () => {
  await s?.dispose();
});

/**
 * Runs `fn` on `host`'s /etc/hosts, then puts the original content back (in place: it stays the
 * bind mount) and removes the backups `fn` reported (/etc is the machine's, shared by the lab).
 */
async function withHostsFile(
  host: string,
  fn: (original: string, backups: (string | null)[]) => Promise<void>,
) {
  const original = await sh(host, `cat ${HOSTS}`);
  const backups: (string | null)[] = [];
  try {
    await fn(original, backups);
  } finally {
    const b64 = Buffer.from(original).toString('base64');
    await sh(host, `printf '%s' '${b64}' | base64 -d > ${HOSTS}`);
    for (const b of backups)
      if (b?.startsWith('/etc/hosts.opsdeck-')) await sh(host, `rm -f -- '${b}'`);
  }
}

describe('save-back onto a bind-mounted /etc/hosts', () => {
  it.each([
    ['over SFTP (root login)', 'db1', undefined],
    ['through sudo -n (the shell script)', 'db2', true],
  ] as const)(
    '%s: written in place after the backup, mode kept, said in the result and the audit',
    async (_how, hostId, sudo) => {
      expect(await sh(hostId, `mountpoint ${HOSTS}`)).toContain('is a mountpoint');
      await withHostsFile(hostId, async (original, backups) => {
        const mode = await sh(hostId, `stat -c '%a %u %g' ${HOSTS}`);
        const side = (
          await s.call('diff.load', {
            sources: [
              { kind: 'host', hostId, path: HOSTS, ...(sudo ? { sudo } : {}) },
              { kind: 'host', hostId: 'db3', path: HOSTS },
            ],
          })
        ).sides[0]!;
        expect(side.content).toBe(original);
        const content = `${original}10.99.0.9 opsdeck-bind-test\n`;
        const saved = await s.call('diff.save', {
          hostId,
          path: HOSTS,
          content,
          expectedEtag: side.etag,
          ...(sudo ? { sudo } : {}),
        });
        backups.push(saved.backupPath);
        expect(saved.inPlace).toMatch(/in place, not atomically: .*mount point.*EBUSY/);
        expect(saved.backupPath).toMatch(/^\/etc\/hosts\.opsdeck-\d{8}-\d{6}(-\d+)?\.bak$/);
        expect(await sh(hostId, `cat ${HOSTS}`)).toBe(content);
        expect(await sh(hostId, `cat ${saved.backupPath}`)).toBe(original);
        expect(await sh(hostId, `stat -c '%a %u %g' ${HOSTS}`)).toBe(mode);
        expect(await sh(hostId, `mountpoint ${HOSTS}`)).toContain('is a mountpoint');
        expect(await sh(hostId, 'ls -A /etc')).not.toMatch(/\.hosts\.opsdeck-.*\.tmp/);
        const [audit] = await s.call('audit.list', { limit: 1, target: hostId });
        expect(audit).toMatchObject({ action: 'diff.save', outcome: 'ok' });
        expect(audit!.detail).toContain('written in place, not atomically');
        // The etag it returns is the file's: a second save from it is accepted.
        const again = await s.call('diff.save', {
          hostId,
          path: HOSTS,
          content: original,
          expectedEtag: saved.etag,
          ...(sudo ? { sudo } : {}),
        });
        backups.push(again.backupPath);
        expect(again.inPlace).toBeDefined();
        expect(await sh(hostId, `cat ${HOSTS}`)).toBe(original);
      });
    },
    120_000,
  );

  it('refuses (CONFLICT) and writes nothing when it changed on the host since it was read', async () => {
    await withHostsFile('db3', async (original) => {
      const side = (
        await s.call('diff.load', {
          sources: [
            { kind: 'host', hostId: 'db3', path: HOSTS },
            { kind: 'host', hostId: 'db1', path: HOSTS },
          ],
        })
      ).sides[0]!;
      await sh('db3', `echo '10.99.0.8 someone-else' >> ${HOSTS}`);
      await expect(
        s.call('diff.save', {
          hostId: 'db3',
          path: HOSTS,
          content: 'mine\n',
          expectedEtag: side.etag,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await sh('db3', `cat ${HOSTS}`)).toBe(`${original}10.99.0.8 someone-else\n`);
    });
  }, 120_000);
});
