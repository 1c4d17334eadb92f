import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../contract';
import { createTestServices } from '../../../testing/core/core-fixture';
import { labInventoryPath } from '../../../testing/lab/lab';
import { pipeBetween, type PipeDeps } from './pipe';

/** Streaming one lab host's command output into another's, through Opsdeck. */
describe('pipeBetween on lab hosts', () => {
  let t: Awaited<ReturnType<typeof createTestServices>>;
  let deps: PipeDeps;
  let db1: Host;
  let db2: Host;

  beforeAll(async () => {
    t = await createTestServices();
    await t.router.call('hosts.importLab', { path: labInventoryPath }, { door: 'cli' });
    db1 = t.core.hosts.get('db1');
    db2 = t.core.hosts.get('db2');
    deps = {
      acquire: (h, s) => t.core.ssh.acquire(h, s),
      exec: (h, cmd) => t.core.ssh.exec(h, cmd),
    };
  });
  afterAll(async () => t.dispose());

  it('streams a large output with backpressure, byte for byte, and reports both exits', async () => {
    const lines: string[] = [];
    const result = await pipeBetween(
      deps,
      db1,
      'echo "-- CHANGE MASTER TO here"; seq 1 2000000; echo "-- SET GLOBAL tail"',
      db2,
      'md5sum',
      { onLine: (l) => lines.push(l), prefix: 'prefix\n' },
    );
    const expected = (
      await t.core.ssh.exec(
        db1,
        '(echo prefix; echo "-- CHANGE MASTER TO here"; seq 1 2000000; echo "-- SET GLOBAL tail") | md5sum',
      )
    ).stdout;
    expect(result.source.code).toBe(0);
    expect(result.sink).toMatchObject({ code: 0, stdout: expected });
    expect(result.bytes).toBeGreaterThan(14_000_000);
    expect(lines).toEqual(['-- CHANGE MASTER TO here', '-- SET GLOBAL tail']);
  });

  it('a failing source makes the sink see the abort trailer, not a clean end', async () => {
    const result = await pipeBetween(deps, db1, 'seq 1 1000; exit 3', db2, 'tail -n 1', {
      abortTrailer: 'ABORTED\n',
    });
    expect(result.source.code).toBe(3);
    expect(result.sink.stdout?.trim()).toBe('ABORTED');
  });

  it('cancel stops both remote processes', async () => {
    const controller = new AbortController();
    const marker = `opsdeck-pipe-${Date.now()}`;
    setTimeout(() => controller.abort(), 1000);
    await expect(
      // Durations no other test uses: lab hosts share one process table, and tests run in parallel.
      pipeBetween(deps, db1, `sleep 30.0417; echo ${marker}`, db2, `cat; sleep 31.0417`, {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    await new Promise((r) => setTimeout(r, 500));
    const left = await t.core.ssh.exec(db1, `pgrep -f "sleep 3[01]\\.0417" || true`);
    expect(left.stdout.trim()).toBe('');
  });
});
