import { describe, expect, it } from 'vitest';
import { unusedFailoverDeps } from '../../../../testing/core/unused-failover-deps';
import { testHost } from '../../../../testing/core/test-host';
import type { Host } from '../../../contract';
import { switchoverWorkflow } from './switchover';

const deps = unusedFailoverDeps('the interrupted note');

/** The note an interrupted switchover step shows, for a master of the given flavour. */
function note(step: string, flavor: Host['profile']['mysqlFlavor']): string {
  const host = testHost('db1', {
    profile: { sudo: false, ...(flavor ? { mysqlFlavor: flavor } : {}) },
  });
  const def = switchoverWorkflow(deps);
  const says = def.steps.find((s) => s.id === step)?.interrupted;
  if (!says) throw new Error(`${step} has no interrupted note`);
  return says({ master: 'db1' } as never, { host: () => host });
}

describe('switchover: the note of a step interrupted between the fence and the repoint', () => {
  it('MySQL: super_read_only stays and is the fence; no read lock is claimed lost, no admin write claimed possible', () => {
    for (const step of ['fence', 'catch-up', 'promote', 'move-traffic', 'repoint-old-master']) {
      const text = note(step, 'mysql');
      expect(text).toMatch(/^db1 is still fenced by super_read_only/);
      expect(text).not.toMatch(/read lock is gone|READ ONLY ADMIN|can write to it until/);
    }
    expect(note('repoint-old-master', 'percona')).toMatch(
      /super_read_only = OFF or mysqld restarts/,
    );
  });

  it('MariaDB: read_only stays, the global read lock went with the process, READ ONLY ADMIN accounts can write', () => {
    const text = note('catch-up', 'mariadb');
    expect(text).toMatch(/^db1 is read_only but its global read lock is gone/);
    expect(text).toMatch(/READ ONLY ADMIN/);
    expect(text).not.toMatch(/super_read_only/);
    expect(text).toMatch(/fences db1 again first/);
    expect(note('repoint-old-master', 'mariadb')).toMatch(
      /refuses to repoint db1 \(MYSQL_DIVERGED/,
    );
  });

  it('flavour unknown: each flavour is named with its own case', () => {
    const text = note('fence', undefined);
    expect(text).toMatch(
      /^On MariaDB: db1 is read_only but its global read lock is gone.* On MySQL: db1 is still fenced by super_read_only/,
    );
  });
});
