import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecEvent } from '../../contract';
import {
  eventually,
  labServices,
  nextEvent,
  processRuns,
  recordEvents,
  withLabServiceStopped,
} from '../../../testing/core/ssh-fixture';

/** Cluster exec on every lab host, with one host's sshd stopped; timeout, cancel, history, audit. */
let s: Awaited<ReturnType<typeof labServices>>;
beforeAll(async () => {
  s = await labServices();
});
afterAll(async () => {
  await s?.dispose();
});

const finished = (execId: string) =>
  nextEvent(s.bus, 'exec.event', (e) => e.execId === execId && e.type === 'finished', 60_000);

describe('cluster exec against the lab', () => {
  it('fan-out with db3’s sshd stopped: db3 unreachable, db1 and db2 succeed', async () => {
    const { execId, events } = await withLabServiceStopped('db3', 'ssh', async () => {
      const rec = recordEvents(s.bus, 'exec.event');
      const { execId } = await s.call('exec.run', {
        hostIds: ['db1', 'db2', 'db3'], // not group 'db': the lab may have grown (bench fan-out)
        command: 'hostname; echo to-stderr >&2',
        parallel: 10,
        timeoutSec: 20,
      });
      await finished(execId);
      rec.stop();
      return { execId, events: rec.events.filter((e) => e.execId === execId) };
    });

    const done = events.filter(
      (e): e is Extract<ExecEvent, { type: 'host-done' }> => e.type === 'host-done',
    );
    const byHost = Object.fromEntries(done.map((e) => [e.hostName, e]));
    expect(byHost.db1).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(byHost.db2).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(byHost.db3).toMatchObject({
      status: 'unreachable',
      exitCode: null,
      error: { code: 'SSH_REFUSED', message: expect.stringContaining('db3') },
    });
    expect(byHost.db1!.durationMs).toBeGreaterThanOrEqual(0);
    const output = events.filter((e) => e.type === 'output');
    expect(output).toContainEqual(
      expect.objectContaining({ hostName: 'db1', stream: 'stdout', data: 'db1\n' }),
    );
    expect(output).toContainEqual(
      expect.objectContaining({ hostName: 'db2', stream: 'stderr', data: 'to-stderr\n' }),
    );
    expect(events[0]).toMatchObject({
      type: 'started',
      hosts: expect.arrayContaining([expect.objectContaining({ hostName: 'db3' })]),
    });
    expect(events.at(-1)).toMatchObject({
      type: 'finished',
      status: 'finished',
      summary: { total: 3, ok: 2, failed: 0, unreachable: 1, timeout: 0, cancelled: 0 },
    });

    // Kept in history, with output per host.
    const detail = await s.call('exec.get', { execId });
    expect(detail.hosts.map((h) => [h.hostName, h.status, h.stdout])).toEqual([
      ['db1', 'ok', 'db1\n'],
      ['db2', 'ok', 'db2\n'],
      ['db3', 'unreachable', ''],
    ]);
    expect((await s.call('exec.history', { limit: 5 }))[0]).toMatchObject({
      execId,
      status: 'finished',
    });
    // Audited per host.
    const audit = await s.call('audit.list', { limit: 10 });
    expect(
      audit
        .filter((a) => a.runId === execId)
        .map((a) => [a.target, a.action, a.outcome])
        .sort(),
    ).toEqual([
      ['db1', 'ssh.exec', 'ok'],
      ['db2', 'ssh.exec', 'ok'],
      ['db3', 'ssh.exec', 'failed'],
    ]);

    // db3 is back: re-run on failed runs only there.
    const rerun = await s.call('exec.rerunFailed', { execId });
    await finished(rerun.execId);
    const again = await s.call('exec.get', { execId: rerun.execId });
    expect(again).toMatchObject({ rerunOf: execId, summary: { total: 1, ok: 1 } });
    expect(again.hosts[0]).toMatchObject({ hostName: 'db3', status: 'ok', stdout: 'db3\n' });
  });

  it('non-zero exits are failed, with the exit code and last stderr line', async () => {
    const { execId } = await s.call('exec.run', {
      hostIds: ['db1'],
      command: 'echo nope >&2; exit 7',
      parallel: 1,
      timeoutSec: 20,
    });
    await finished(execId);
    const [host] = (await s.call('exec.get', { execId })).hosts;
    expect(host).toMatchObject({
      status: 'failed',
      exitCode: 7,
      stderr: 'nope\n',
      error: {
        code: 'SSH_COMMAND_FAILED',
        message: 'The command on db1 exited with status 7: nope.',
      },
    });
  });

  it('a command killed by a signal reports the signal (the wrapper execs the command)', async () => {
    const { execId } = await s.call('exec.run', {
      hostIds: ['db1'],
      command: 'kill -KILL $$',
      parallel: 1,
      timeoutSec: 20,
    });
    await finished(execId);
    const [host] = (await s.call('exec.get', { execId })).hosts;
    expect(host).toMatchObject({
      status: 'failed',
      exitCode: null,
      error: { message: expect.stringContaining('was killed by SIGKILL') },
    });
  });

  it('per-host timeout kills the command on the server (root session, no signal support)', async () => {
    const marker = 'sleep 3017';
    const { execId } = await s.call('exec.run', {
      hostIds: ['db2'],
      command: `${marker}; echo never`,
      parallel: 1,
      timeoutSec: 1,
    });
    const event = await finished(execId);
    expect(event).toMatchObject({ summary: { timeout: 1 } });
    const [host] = (await s.call('exec.get', { execId })).hosts;
    expect(host).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } });
    await eventually(() => !processRuns(marker), 5000, `${marker} gone from db2`);
  });

  it('cancel: running commands are killed, the run is recorded as cancelled', async () => {
    const marker = 'sleep 3018';
    const { execId } = await s.call('exec.run', {
      hostIds: ['db1', 'db2', 'db3'], // not group 'db': the lab may have grown (bench fan-out)
      command: marker,
      parallel: 3,
      timeoutSec: 60,
    });
    await eventually(() => processRuns(marker), 10_000, `${marker} started`);
    expect(await s.call('exec.cancel', { execId })).toEqual({ cancelled: true });
    const event = await finished(execId);
    expect(event).toMatchObject({ status: 'cancelled', summary: { cancelled: 3 } });
    await eventually(() => !processRuns(marker), 5000, `${marker} gone`);
    expect(await s.call('exec.cancel', { execId })).toEqual({ cancelled: false });
  });

  it('stores commands redacted in history and audit', async () => {
    const { execId } = await s.call('exec.run', {
      hostIds: ['db1'],
      command: 'echo --password=hunter22 >/dev/null; false',
      parallel: 1,
      timeoutSec: 20,
    });
    await finished(execId);
    const detail = await s.call('exec.get', { execId });
    expect(detail.command).not.toContain('hunter22');
    const audit = await s.call('audit.list', { limit: 3 });
    expect(JSON.stringify(audit)).not.toContain('hunter22');
  });

  it('masks secrets in the live output too, even split across packets', async () => {
    const rec = recordEvents(s.bus, 'exec.event');
    const { execId } = await s.call('exec.run', {
      hostIds: ['db1'],
      // Two writes 200 ms apart arrive as two SSH packets (and two batches without line buffering);
      // MYSQL_PWD's value from the command comes back without any pattern around it.
      command:
        "printf -- '--passw'; sleep 0.2; printf 'ord=hunter22\\n'; " +
        'MYSQL_PWD=swordfish9 sh -c \'echo "$MYSQL_PWD" >&2\'; printf tail',
      parallel: 1,
      timeoutSec: 20,
    });
    await finished(execId);
    rec.stop();
    const live = rec.events.filter(
      (e): e is Extract<ExecEvent, { type: 'output' }> =>
        e.execId === execId && e.type === 'output',
    );
    const text = (stream: string) =>
      live
        .filter((e) => e.stream === stream)
        .map((e) => e.data)
        .join('');
    expect(text('stdout')).toBe('--password=••••••\ntail');
    expect(text('stderr')).toBe('••••••\n');
    const detail = await s.call('exec.get', { execId });
    expect(detail.hosts[0]).toMatchObject({ stdout: text('stdout'), stderr: text('stderr') });
    expect(detail.command).not.toContain('swordfish9');
  });

  it('an empty group is a clear error', async () => {
    await expect(
      s.call('exec.run', { group: 'no-such-group', command: 'true', parallel: 1, timeoutSec: 5 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no-such-group'),
    });
  });
});
