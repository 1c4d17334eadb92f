import { describe, expect, it } from 'vitest';
import { execClient, FakeChannel } from '../../../../testing/core/fake-ssh-channel';
import { testHost } from '../../../../testing/core/test-host';
import { SshFolderStore, type SshStoreDeps } from './ssh-folder';

/**
 * Aborting a write to a backup host stops its `cat` only while it may still run: once the host
 * reported its exit (disk full, or after a commit), its pid and session id are free for reuse,
 * and the root stop could hit an unrelated process. Fake SSH: a channel the test ends, and the
 * short commands it records.
 */
function fakeStore() {
  const channel = new FakeChannel();
  const commands: string[] = [];
  const client = execClient(channel);
  const deps: SshStoreDeps = {
    acquire: () => Promise.resolve({ client, release: () => undefined }),
    exec: (_host, command) => {
      commands.push(command);
      return Promise.resolve({ code: 0, stdout: '@@opsdeck-stopped\n', stderr: '' });
    },
  };
  const host = testHost('bk1', { user: 'root', profile: { sudo: false } });
  const store = new SshFolderStore(
    { kind: 'ssh', url: 'ssh://bk1/srv/backups', host: 'bk1', path: '/srv/backups' },
    host,
    deps,
  );
  return { store, channel, commands };
}

describe('aborting a write to a backup host', () => {
  it('after cat exited (disk full): no stop, only the partial file removed', async () => {
    const { store, channel, commands } = fakeStore();
    const writer = await store.write('db1/full.sql.zst');
    channel.emit('exit', 1);
    channel.emit('close');
    await writer.abort();
    expect(commands.filter((c) => /opsdeck-stopped/.test(c))).toEqual([]);
    expect(commands.at(-1)).toMatch(/^rm -f .*full\.sql\.zst\.partial/);
  });

  it('while cat still runs: it is stopped first', async () => {
    const { store, commands } = fakeStore();
    const writer = await store.write('db1/full.sql.zst');
    await writer.abort();
    expect(commands.filter((c) => /opsdeck-stopped/.test(c))).toHaveLength(1);
    expect(commands.at(-1)).toMatch(/^rm -f /);
  });

  it('explains a failure without claiming a removal abort() has not done yet', async () => {
    const { store, channel } = fakeStore();
    const writer = await store.write('db1/full.sql.zst');
    channel.stderr.emit('data', Buffer.from('cat: write error: No space left on device\n'));
    channel.emit('exit', 1);
    channel.emit('close');
    const e = await writer.explain(new Error('write EPIPE'));
    expect(e).toMatchObject({ code: 'BACKUP_DESTINATION_FULL' });
    expect(e.message).toMatch(/ran out of space/);
    expect(e.message).not.toMatch(/removed/);
  });
});
