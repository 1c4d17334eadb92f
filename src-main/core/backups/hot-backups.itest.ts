import { describe, expect, it } from 'vitest';
import { BK_DB, eventIds, idsUpTo } from '../../../testing/lab/backup-lab';
import { backupSuite, seedDb3Rows } from '../../../testing/core/backup-suite';
import { explain } from '../../../testing/core/lab-suite';

/**
 * Hot backups (mariadb-backup) of db1 on the lab while a writer inserts, to a backup host (db2)
 * over SSH, restored onto db3 — which holds data of its own, so the restore waits for a person
 * to type db3's name: a wrong name changes nothing; the right one swaps db3's data directory for
 * the backup's (its own kept aside) and db3 holds exactly the rows up to the backup's GTID.
 */
/** db3's own rows in BK_DB.events, there before any restore. */
const DB3_OWN_ROWS = [1, 2];
const { t, remoteDir, run, entryOf, writer, before, restoreAtGate } = backupSuite({
  name: 'hot-backups',
  prepare: () => seedDb3Rows(DB3_OWN_ROWS),
});

describe('hot backups on the lab (db1 → db2 over SSH → db3)', { timeout: 300_000 }, () => {
  it('hot backup to a backup host over SSH; restoring onto db3, which holds data, waits for its typed name', async () => {
    const r = await run({
      workflow: 'backup-run',
      params: { host: 'db1', kind: 'hot', to: `ssh://db2${remoteDir}` },
    });
    expect(r.status, explain(r)).toBe('succeeded');
    expect(r.locks.map((l) => l.label)).toEqual(['db1', 'db2']);
    const e = entryOf(r);
    expect(e).toMatchObject({ tool: 'mariabackup', verify: { status: 'passed' } });
    expect(e.coordinates.gtid).toMatch(/^0-1-\d+$/);
    const restoreWith = async (typed: string) => {
      const { asked, pending } = await restoreAtGate(e.id);
      expect(asked).toMatchObject({ typed: 'db3', message: expect.stringContaining(BK_DB) });
      expect(t().core.workflows.detail(asked.kind === 'confirm' ? asked.runId : '').status).toBe(
        'waiting',
      );
      await t().call('prompts.answer', { kind: 'confirm', id: asked.id, approve: true, typed });
      return pending;
    };
    // A wrong name declines: nothing on db3 changed, and no restore test is recorded.
    const declined = await restoreWith('db-three');
    expect(declined.status).toBe('rolled-back');
    expect(declined.error).toMatchObject({ code: 'WORKFLOW_DECLINED' });
    expect(declined.steps.find((x) => x.id === 'stage')?.status).toBe('pending');
    expect(t().core.backups.get(e.id).restoreTest).toBeUndefined();
    expect(await eventIds('db3')).toEqual(DB3_OWN_ROWS);
    const restore = await restoreWith('db3');
    expect(restore.status, explain(restore)).toBe('succeeded');
    expect(restore.pointOfNoReturn).toBe('replace');
    expect(restore.leftFiles.map((f) => f.path)).toEqual([
      expect.stringMatching(/\.opsdeck-before-/),
    ]);
    expect(t().core.backups.get(e.id).restoreTest).toMatchObject({ status: 'passed' });
    expect(await eventIds('db3')).toEqual(idsUpTo(writer().written, e.coordinates.gtid!, before()));
  });
});
