import type { Client, ClientChannel } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { FakeChannel } from '../../../testing/core/fake-ssh-channel';
import { testHost } from '../../../testing/core/test-host';
import { keptStderr, startRemote } from './remote-process';

describe("a remote command's kept stderr", () => {
  it('drops count lines, also one split between two chunks', () => {
    let kept = '';
    for (const chunk of [
      'mariadb-dump: start\n@@opsdeck-re',
      'ad 4',
      '5\nerror 1356\n@@opsdeck-read 9\n',
    ])
      kept = keptStderr(kept, chunk);
    expect(kept).toBe('mariadb-dump: start\nerror 1356\n');
  });

  it("keeps the end — the failure's own words — after a long verbose log", () => {
    let kept = '';
    for (let n = 0; n < 5000; n++)
      kept = keptStderr(kept, `-- Retrieving table structure for table t${n}...\n`);
    kept = keptStderr(
      kept,
      "mariadb-dump: Couldn't execute 'SHOW FIELDS FROM `zz_broken`': 1356\n",
    );
    expect(kept.length).toBeLessThanOrEqual(128 * 1024);
    expect(kept).toMatch(/1356\n$/);
  });
});

describe("the supervisor's ids line", () => {
  /** A command on a fake channel whose stderr arrives in the given chunks, then closes. */
  async function run(chunks: readonly string[]) {
    const channel = new FakeChannel();
    const client = {
      exec: (_c: string, cb: (err: Error | undefined, ch: ClientChannel) => void) =>
        cb(undefined, channel as unknown as ClientChannel),
    } as unknown as Client;
    const seen: string[] = [];
    const proc = await startRemote(
      { client, release: () => undefined },
      'mariadb-dump db',
      testHost('db1'),
      'source',
      { onStderr: (t) => seen.push(t) },
    );
    for (const c of chunks) channel.stderr.emit('data', Buffer.from(c));
    const ids = proc.ids();
    channel.emit('exit', 0);
    channel.emit('close');
    return { seen: seen.join(''), ids, reported: await proc.idsReported, result: await proc.exit };
  }

  it("split across chunks: none of it reaches the tool's stderr, and the ids are known", async () => {
    const r = await run(['-- Connecting\n@@opsdeck-p', 'id 4711 4710 4', '710\nerror 1045\n']);
    expect(r.seen).toBe('-- Connecting\nerror 1045\n');
    expect(r.ids).toEqual({ pid: '4711', supervisor: '4710', session: '4710' });
    expect(r.reported).toEqual(r.ids);
    expect(r.result.stderr).toBe('-- Connecting\nerror 1045');
  });

  it('text that only looks like its start is passed on, and a channel without ids says so', async () => {
    const r = await run(['progress @@opsd', 'eck rocks\n', 'done @', '']);
    expect(r.seen).toBe('progress @@opsdeck rocks\ndone @');
    expect(r.ids).toBeUndefined();
    expect(r.reported).toBeUndefined();
  });
});
