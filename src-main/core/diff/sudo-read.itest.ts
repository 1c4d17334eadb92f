import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpsdeckError, READ_WITH_SUDO_OFFER } from '../../contract';
import {
  labAddress,
  labInventory,
  SUDO_LOGIN,
  SUDO_PASSWORD_LOGIN,
} from '../../../testing/lab/lab';
import { labServices } from '../../../testing/core/ssh-fixture';

/**
 * A file its login may not read (root's 0600 on db1), through the lab's non-root logins: the
 * profile decides whether Opsdeck reads through sudo. Without it the error says permission
 * denied, and offers "Read with sudo" / --sudo only to the login whose `sudo -n` works (`admin`),
 * not to `deploy` (sudo wants a password). Asked for (or the profile's sudo), it reads.
 */
let s: Awaited<ReturnType<typeof labServices>>;
const path = `/etc/mysql/opsdeck-sudo-read-${randomBytes(3).toString('hex')}.cnf`;
const root = async (command: string) => {
  const r = await s.core.ssh.exec(s.core.hosts.get('db1'), command);
  if (r.code !== 0) throw new Error(`db1: ${command}: ${r.stderr}`);
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await labServices();
  await root(`printf '[mysqld]\\nport = 3306\\n' > ${path} && chmod 600 ${path}`);
  for (const user of [SUDO_LOGIN, SUDO_PASSWORD_LOGIN]) {
    const h = await s.core.hosts.add({
      name: `db1-${user}`,
      address: labAddress(1),
      user,
      auth: 'key',
      keyPath: labInventory().sshKey,
    });
    ids[user] = h.id;
  }
}, 240_000);
afterAll(async () => {
  await root(`rm -f ${path}`).catch(() => {});
  await s?.dispose();
});

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OpsdeckError)) throw new Error('expected the call to be refused');
  return err;
};
const load = (user: string, sudo?: boolean) =>
  s.call('diff.load', {
    sources: [{ kind: 'host', hostId: ids[user]!, path, ...(sudo === undefined ? {} : { sudo }) }],
  });

describe('reading a file the login may not read', () => {
  it('profile without sudo, login with passwordless sudo: denied, offering Read with sudo / --sudo', async () => {
    const err = await refusal(load(SUDO_LOGIN));
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.message).toContain(`admin may not read ${path} on db1-admin (permission denied)`);
    expect(err.hint).toContain(READ_WITH_SUDO_OFFER);
    expect(err.hint).toContain('--sudo');
  });

  it('asked for sudo (the offer taken): reads through sudo -n', async () => {
    const { sides } = await load(SUDO_LOGIN, true);
    expect(sides[0]).toMatchObject({ readVia: 'sudo', content: '[mysqld]\nport = 3306\n' });
  });

  it('the profile says sudo: reads through sudo -n without being asked, as before', async () => {
    await s.call('hosts.update', { id: ids[SUDO_LOGIN]!, patch: { profile: { sudo: true } } });
    try {
      const { sides } = await load(SUDO_LOGIN);
      expect(sides[0]).toMatchObject({ readVia: 'sudo', content: '[mysqld]\nport = 3306\n' });
    } finally {
      await s.call('hosts.update', { id: ids[SUDO_LOGIN]!, patch: { profile: { sudo: false } } });
    }
  });

  it('a login whose sudo wants a password: denied with no offer, saying what to do', async () => {
    const err = await refusal(load(SUDO_PASSWORD_LOGIN));
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.hint).not.toContain(READ_WITH_SUDO_OFFER);
    expect(err.hint).toMatch(/deploy may not use sudo -n on db1-deploy.*NOPASSWD/);
  });
});
