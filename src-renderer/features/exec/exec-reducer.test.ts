import { describe, expect, it } from 'vitest';
import { applyExecEvent, countStatuses, type ExecView } from './exec-reducer';

const hosts = [
  { hostId: 'a', hostName: 'db1' },
  { hostId: 'b', hostName: 'db2' },
];

describe('exec reducer', () => {
  it('folds a run from started to finished', () => {
    let v: ExecView | null = applyExecEvent(null, {
      type: 'started',
      execId: 'x',
      command: 'uptime',
      hosts,
    });
    v = applyExecEvent(v, { type: 'host-started', execId: 'x', hostId: 'a', hostName: 'db1' });
    v = applyExecEvent(v, {
      type: 'output',
      execId: 'x',
      hostId: 'a',
      hostName: 'db1',
      stream: 'stdout',
      data: 'up 1 day\n',
    });
    v = applyExecEvent(v, {
      type: 'host-done',
      execId: 'x',
      hostId: 'a',
      hostName: 'db1',
      status: 'ok',
      exitCode: 0,
      durationMs: 12,
    });
    v = applyExecEvent(v, {
      type: 'host-done',
      execId: 'x',
      hostId: 'b',
      hostName: 'db2',
      status: 'unreachable',
      exitCode: null,
      durationMs: 3,
    });
    expect(v?.hosts[0]).toMatchObject({ status: 'ok', exitCode: 0, stdout: 'up 1 day\n' });
    expect(countStatuses(v!.hosts)).toMatchObject({ ok: 1, unreachable: 1, failed: 0 });
    const summary = { total: 2, ok: 1, failed: 0, unreachable: 1, timeout: 0, cancelled: 0 };
    v = applyExecEvent(v, {
      type: 'finished',
      execId: 'x',
      status: 'finished',
      summary,
      durationMs: 20,
    });
    expect(v).toMatchObject({ status: 'finished', summary });
  });

  it('ignores events of another run', () => {
    const v = applyExecEvent(null, { type: 'started', execId: 'x', command: 'c', hosts });
    const other = applyExecEvent(v, {
      type: 'host-started',
      execId: 'y',
      hostId: 'a',
      hostName: 'db1',
    });
    expect(other).toBe(v);
  });
});
