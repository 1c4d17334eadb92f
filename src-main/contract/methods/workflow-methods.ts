import { z } from 'zod';
import { defineMethod } from '../define';
import { WorkflowStart } from '../workflow-params';
import { LockHolder } from '../workflow-locks';
import { Plan, RunDetail, RunStatus, RunSummary, WorkflowInfo } from '../workflows';

const id = z.string().min(1).max(128);
/** What a run's steps announce as they change things (audit records, EC2, the inventory). */
const runSideEffects = ['audit.appended', 'ec2.changed', 'hosts.changed'] as const;

/** Workflow plans, runs and their history. */
export const workflowMethods = {
  'workflows.list': defineMethod({
    summary: 'Workflows this Opsdeck can run',
    params: z.object({}).strict(),
    result: z.array(WorkflowInfo),
    events: [],
    mutates: false,
  }),
  'workflows.plan': defineMethod({
    summary:
      'Dry run: every command/SQL the workflow would run, its gates, children and locks, secrets masked; changes nothing',
    params: WorkflowStart,
    result: Plan,
    events: ['prompt.request'],
    mutates: false,
  }),
  'workflows.start': defineMethod({
    summary:
      'Start a workflow run; progress arrives as workflow.event with the run id. A held lock is waited for or refused (options.onLockHeld)',
    params: WorkflowStart,
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', 'prompt.request', ...runSideEffects],
    mutates: true,
  }),
  'workflows.cancel': defineMethod({
    summary: 'Cancel a running workflow (the current step is aborted)',
    params: z.object({ runId: id }).strict(),
    result: z.object({ cancelled: z.boolean() }),
    events: ['workflow.event'],
    mutates: true,
  }),
  'workflows.resume': defineMethod({
    summary: 'Resume a failed, cancelled or interrupted run from its first unfinished step',
    params: z.object({ runId: id }).strict(),
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', 'prompt.request', ...runSideEffects],
    mutates: true,
  }),
  'workflows.rollback': defineMethod({
    summary:
      'Roll back a failed or cancelled run: the undo of each step it did, in reverse, up to its point of no return',
    params: z.object({ runId: id }).strict(),
    result: z.object({ runId: z.string() }),
    events: ['workflow.event', ...runSideEffects],
    mutates: true,
  }),
  'workflows.discard': defineMethod({
    summary:
      'Discard a stopped run that will not be resumed: says what it leaves (changes not undone, files, instances); refused while a rollback is possible unless force; its vault entries (sealed params such as user data) are deleted and it is marked discarded (kept in the history; audited). A succeeded run: only a vault entry still there is deleted',
    params: z
      .object({
        runId: id,
        /** Give up a rollback that is still possible (typed in the app, `--force` in the CLI). */
        force: z.boolean().default(false),
        /** Only say what a discard would delete and leave: nothing changes. */
        dryRun: z.boolean().default(false),
      })
      .strict(),
    result: z.object({
      runId: z.string(),
      /** Its status before (discarded: a discard again, after a vault entry could not be deleted). */
      was: RunStatus,
      /** The vault entries deleted (references, never the secrets); a dry run: to be deleted. */
      deleted: z.array(z.string()),
      /** What stays as it is, in plain words: changes not undone, files left, instances. */
      left: z.array(z.string()),
      /** Steps a rollback would undo; empty when no rollback is possible (then none is given up). */
      wouldUndo: z.array(z.string()),
      /** False for a dry run and for a succeeded run (it stays succeeded; only its entry goes). */
      discarded: z.boolean(),
    }),
    events: ['workflow.event', 'audit.appended'],
    mutates: true,
  }),
  'workflows.locks': defineMethod({
    summary: 'Host and cluster locks held by runs now, with the run holding each',
    params: z.object({}).strict(),
    result: z.array(LockHolder),
    events: [],
    mutates: false,
  }),
  'workflows.runs': defineMethod({
    summary: 'Recent workflow runs, newest first',
    params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(RunSummary),
    events: [],
    mutates: false,
  }),
  'workflows.run': defineMethod({
    summary: 'One run with its steps, log and output',
    params: z.object({ runId: id }).strict(),
    result: RunDetail,
    events: [],
    mutates: false,
  }),
} as const;
