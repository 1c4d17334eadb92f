import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { BackupEntry, CronPlan, Progress, RunDetail } from '../../src-main/contract';
import type { BackupRestoreParams } from '../../src-main/contract/workflow-params';
import type { Clock } from '../../src-main/core/clock';
import { BK_DB, createBackupData, eventIds, startGtidWriter } from '../lab/backup-lab';
import { resetLabReplication, sql } from '../lab/mysql-lab';
import { startTestS3, TEST_S3_KEY } from '../s3/test-s3';
import { explain, labSuite, recordedRuns, type LabServices } from './lab-suite';
import { nextEvent } from './ssh-fixture';

type TestS3 = Awaited<ReturnType<typeof startTestS3>>;
type GtidWriter = ReturnType<typeof startGtidWriter>;

export interface BackupSuiteOptions {
  /** Its name, in the temporary folders it makes. */
  name: string;
  /**
   * A test S3 endpoint (bucket `opsdeck-itest`) with two accounts: `s3test` holds its key,
   * `s3wrong` an unknown one (s3rver checks the access key id, not SigV4 signatures).
   */
  s3?: boolean;
  /** The core's clock (default the system's): a test can move it on between runs. */
  clock?: Clock;
  /** Also part of the suite's starting state, after db1's data is made. */
  prepare?(t: LabServices): Promise<void>;
}

/** Gives db3 a BK_DB.events of its own, holding `ids` (for a suite's `prepare`). */
export async function seedDb3Rows(ids: readonly number[]): Promise<void> {
  await sql(
    'db3',
    `SET SESSION sql_log_bin = 0; CREATE DATABASE ${BK_DB}; CREATE TABLE ${BK_DB}.events (id INT PRIMARY KEY, gtid VARCHAR(64), n INT); INSERT INTO ${BK_DB}.events (id) VALUES ${ids.map((id) => `(${id})`).join(', ')}`,
  );
}

/** The catalog entry a backup-run made (the run explained when it made none). */
export function catalogEntryOf(t: Pick<LabServices, 'core'>, r: RunDetail): BackupEntry {
  const [e] = t.core.backups.list({ runId: r.id, limit: 1 });
  if (!e) throw new Error(`run ${r.id} made no catalog entry: ${explain(r)}`);
  return e;
}

/** A command as root on db1 over the core's SSH (2 min at most), `stdin` fed to it. */
export const onDb1 = (t: LabServices, command: string, stdin?: string) =>
  t.core.ssh.exec(t.core.hosts.get('db1'), command, {
    timeoutMs: 120_000,
    ...(stdin ? { stdin } : {}),
  });

/**
 * A cron schedule dumping db1 into `base` on db1 itself (its retention: `daily` days), and its
 * crontab plan. The lab's hosts share the machine's crontab, so nothing is installed: a test runs
 * `plan.script` by hand (`onDb1(t, 'bash -s', plan.script)`), as cron would.
 */
export async function cronDumpOfDb1(
  t: LabServices,
  o: { name: string; base: string; daily: number },
): Promise<{ scheduleId: string; plan: CronPlan }> {
  const s = await t.call('backups.schedules.save', {
    schedule: {
      name: o.name,
      host: 'db1',
      kind: 'dump',
      to: `ssh://db1${o.base}`,
      when: { every: 'day', at: '03:15' },
      retention: { daily: o.daily, weekly: 0, monthly: 0 },
      runner: 'cron',
    },
  });
  return { scheduleId: s.id, plan: await t.call('backups.schedules.cronPlan', { id: s.id }) };
}

/** Where a backup to folder `dir` (local, or on a lab host: they share /tmp) stored its file. */
export const storedFileIn = (dir: string, e: BackupEntry): string =>
  join(dir, e.hostName, basename(e.location));

/**
 * Flips the middle byte of a stored file after its checksum was recorded (a disk that rotted it):
 * its verify fails and restores refuse it.
 */
export function corruptStoredFile(file: string): void {
  const bytes = readFileSync(file);
  const mid = Math.floor(bytes.length / 2);
  bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
}

/**
 * The lab every backups itest file starts from: db1 holding the backup data (BK_DB) while a
 * writer inserts into it (one GTID per row, `writer().written`), db3 without it; a local folder
 * (`local`) and a folder on db2 (`remoteDir`) to back up into. Afterwards the writer stops,
 * db3 and db1 are put back, the folders removed.
 */
export function backupSuite(options: BackupSuiteOptions) {
  const local = mkdtempSync(join(tmpdir(), `opsdeck-${options.name}-`));
  const remoteDir = `/tmp/opsdeck-itest-${options.name}-${process.pid}`;
  let s3: TestS3 | undefined;
  let writer: GtidWriter | undefined;
  let before: number[] = [];
  const t = labSuite({
    prepare: async (services) => {
      if (options.s3) {
        s3 = await startTestS3(['opsdeck-itest']);
        await services.call('ec2.accounts.add', {
          name: 's3test',
          auth: 'access-key',
          accessKeyId: TEST_S3_KEY.accessKeyId,
          secretAccessKey: TEST_S3_KEY.secretAccessKey,
          defaultRegion: 'us-east-1',
        });
        await services.call('ec2.accounts.add', {
          name: 's3wrong',
          auth: 'access-key',
          accessKeyId: 'AKIAOPSDECKWRONG0001',
          secretAccessKey: 'not-the-secret',
          defaultRegion: 'us-east-1',
        });
      }
      await sql('db1', `DROP DATABASE IF EXISTS ${BK_DB}`);
      await sql('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${BK_DB}`);
      await createBackupData('db1');
      before = await eventIds('db1');
      writer = startGtidWriter('db1');
      await options.prepare?.(services);
    },
    release: async (services) => {
      await writer?.stop().catch(() => undefined);
      await services.core.workflows.stopAll();
      await resetLabReplication(services, ['db3'], runs);
      await sql('db3', `SET SESSION sql_log_bin = 0; DROP DATABASE IF EXISTS ${BK_DB}`);
      await sql('db1', `DROP DATABASE IF EXISTS ${BK_DB}; DROP DATABASE IF EXISTS ${BK_DB}_big`);
      await services.core.ssh.exec(services.core.hosts.get('db2'), `rm -rf '${remoteDir}'`);
      await s3?.close();
      rmSync(local, { recursive: true, force: true });
    },
    setupMs: 180_000,
    teardownMs: 300_000,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { runs, run } = recordedRuns(t);

  const entryOf = (r: RunDetail): BackupEntry => catalogEntryOf(t(), r);

  /** Progress samples of one run's step, as the doors receive them. */
  const progressOf = (runId: string, stepId: string) => {
    const seen: Progress[] = [];
    const stop = t().bus.subscribe((m) => {
      if (m.topic !== 'workflow.event') return;
      const e = m.payload;
      if (e.type === 'progress' && e.runId === runId && e.stepId === stepId) seen.push(e.progress);
    });
    return { seen, stop };
  };

  /**
   * Starts a restore onto db3 without `overwrite` (of `backupId`, or with these params) and waits
   * for its gate: the prompt asked, and the run's outcome once the prompt is answered.
   */
  const restoreAtGate = async (backup: string | z.input<typeof BackupRestoreParams>) => {
    const gate = nextEvent(
      t().bus,
      'prompt.request',
      (p) => p.kind === 'confirm' && p.title === 'Replace data on db3?',
      120_000,
    );
    const params = typeof backup === 'string' ? { backupId: backup, onto: 'db3' } : backup;
    const pending = run({ workflow: 'backup-restore', params });
    return { asked: await gate, pending };
  };

  /** A restore onto db3 whose "Replace data on db3?" gate is answered by typing `typed`. */
  const restoreTyping = async (
    backup: string | z.input<typeof BackupRestoreParams>,
    typed = 'db3',
  ): Promise<RunDetail> => {
    const { asked, pending } = await restoreAtGate(backup);
    await t().call('prompts.answer', { kind: 'confirm', id: asked.id, approve: true, typed });
    return pending;
  };

  return {
    t,
    local,
    restoreAtGate,
    restoreTyping,
    remoteDir,
    runs,
    run,
    entryOf,
    progressOf,
    /** The test S3 endpoint (with `s3: true`). */
    s3: (): TestS3 => {
      if (!s3) throw new Error('backupSuite: no S3 (pass s3: true)');
      return s3;
    },
    /** The writer inserting into db1's BK_DB.events since the suite started. */
    writer: (): GtidWriter => {
      if (!writer) throw new Error('backupSuite: the writer is used before the suite started');
      return writer;
    },
    /** The events ids db1 held before the writer started. */
    before: () => before,
  };
}
