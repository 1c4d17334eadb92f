import { describe, expect, it } from 'vitest';
import type { CheckDefinition, Host } from '../../contract';
import { testHost } from '../../../testing/core/test-host';
import { systemClock } from '../clock';
import { BackupCheckWatch } from './backup-check-watch';

const host: Host = testHost('db1');
const check = { id: 'c1', series: 'backup.restore_test', enabled: true } as CheckDefinition;

/** A watch whose ticks are counted (no catalog: each result is UNKNOWN, which is enough here). */
function setup() {
  const ticks: string[] = [];
  const watch = new BackupCheckWatch({
    host: (id) => (id === host.id ? host : undefined),
    clock: systemClock,
    live: (id) => (id === check.id ? check : undefined),
    apply: (c, h) => ticks.push(`${c.id} ${h.id}`),
  });
  return { watch, ticks };
}

describe('BackupCheckWatch', () => {
  it('a stop ends its own watch only: a late stop of a replaced watch leaves the new one watched', async () => {
    const { watch, ticks } = setup();
    const stopOld = watch.watch(check.id, host.id, 3_600_000);
    const stopNew = watch.watch(check.id, host.id, 3_600_000);
    try {
      stopOld();
      await Promise.resolve(); // the first ticks (queued as microtasks)
      ticks.length = 0;
      watch.tickAll();
      expect(ticks).toEqual(['c1 h-db1']);
      stopNew();
      ticks.length = 0;
      watch.tickAll();
      expect(ticks).toEqual([]);
    } finally {
      stopOld();
      stopNew();
    }
  });
});
