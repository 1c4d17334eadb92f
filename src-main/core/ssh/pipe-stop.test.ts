import { describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { execClient, FakeChannel } from '../../../testing/core/fake-ssh-channel';
import { pipeBetween, type PipeDeps } from './pipe';

/**
 * A pipe stops a remote side only while it may still run: once the host reported a side's exit,
 * its pid and session id are free for reuse, and a stop (as root, with the whole session) could
 * hit an unrelated process. Fake SSH: channels the test ends, and stop execs it records.
 */
const from = { name: 'db1', user: 'admin', profile: { sudo: false } } as unknown as Host;
const to = { name: 'db2', user: 'admin', profile: { sudo: false } } as unknown as Host;

function fakeSsh(sinkEnds: 'exits' | 'hangs') {
  const sink = new FakeChannel(() => {
    if (sinkEnds === 'exits') setTimeout(() => sink.exit(0), 5);
  });
  const source = new FakeChannel();
  const stops: { host: string; command: string }[] = [];
  const deps: PipeDeps = {
    acquire: (host) =>
      Promise.resolve({
        client: host === from ? execClient(source) : execClient(sink, '5811 5810 5810'),
        release: () => undefined,
      }),
    exec: (host, command) => {
      stops.push({ host: host.name, command });
      // The stop ends the sink that hung.
      if (host === to && sinkEnds === 'hangs') setTimeout(() => sink.exit(143), 1);
      return Promise.resolve({ stdout: '@@opsdeck-stopped\n', stderr: '', code: 0 });
    },
  };
  return { deps, stops, source, sink };
}

describe('a pipe stops only what may still run', () => {
  it('a successful pipe makes no stop call (the source had exited before the sink)', async () => {
    const { deps, stops, source } = fakeSsh('exits');
    const piped = pipeBetween(deps, from, 'mariadb-dump db', to, 'mariadb db');
    await new Promise((r) => setTimeout(r, 0));
    source.emit('data', Buffer.from('INSERT 1;\n'));
    source.exit(0);
    const result = await piped;
    expect(result.sink.code).toBe(0);
    // Give a late stop every chance to be sent.
    await new Promise((r) => setTimeout(r, 20));
    expect(stops).toEqual([]);
  });

  it('a cancel after the source exited stops only the sink', async () => {
    const { deps, stops, source } = fakeSsh('hangs');
    const abort = new AbortController();
    const piped = pipeBetween(deps, from, 'mariadb-dump db', to, 'mariadb db', {
      signal: abort.signal,
    });
    piped.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    source.exit(0);
    await new Promise((r) => setTimeout(r, 0));
    abort.abort();
    await expect(piped.catch((e: unknown) => e)).resolves.toBeDefined();
    expect(stops.map((s) => s.host)).toEqual(['db2']);
    expect(stops[0]?.command).toMatch(/5810/);
  });
});
