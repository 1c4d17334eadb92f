import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventMessage, Host, RunEvent } from '../../../contract';
import { createEventBus } from '../../event-bus';
import { openDatabase } from '../../store/database';
import { RunsRepo } from '../../store/runs-repo';
import { AuditRepo } from '../../store/audit-repo';
import type { ExecResult, WorkflowDefinition } from './definition';
import type { RemoteExecutor } from './ssh-effects';
import { WorkflowRunner } from './runner';

const host: Host = {
  id: 'h1',
  name: 'db1',
  address: '127.0.10.1',
  port: 22,
  user: 'root',
  auth: 'agent',
  groups: [],
  tags: [],
  profile: { sudo: false },
  notes: '',
  source: 'manual',
  createdAt: '',
  updatedAt: '',
};

/** Records commands; fails or hangs on demand (fault injection — the real SSH path is tested on the lab). */
class ScriptedExecutor implements RemoteExecutor {
  readonly ran: string[] = [];
  failOn?: string;
  hangOn?: string;
  async exec(_h: Host, command: string, opts: { signal?: AbortSignal }): Promise<ExecResult> {
    this.ran.push(command);
    if (this.hangOn && command.includes(this.hangOn)) {
      await new Promise((_, reject) =>
        opts.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    const failed = this.failOn !== undefined && command.includes(this.failOn);
    return {
      code: failed ? 1 : 0,
      stdout: `out of ${command}`,
      stderr: failed ? 'disk full' : '',
      durationMs: 1,
    };
  }
}

const Params = z.object({ dir: z.string(), password: z.string() });
const testWorkflow: WorkflowDefinition<typeof Params> = {
  id: 'make-dir',
  title: 'Make a directory',
  description: 'test',
  params: Params,
  subject: () => 'db1',
  steps: [
    {
      id: 'probe',
      title: 'Look',
      run: async (ctx) => {
        await ctx.ssh.read(ctx.host('db1'), 'ls /');
      },
    },
    {
      id: 'mkdir',
      title: 'Create it',
      check: async (ctx) =>
        (await ctx.ssh.read(ctx.host('db1'), `test -d ${ctx.params.dir} && echo yes`)).stdout ===
        'yes',
      run: async (ctx) => {
        await ctx.ssh.write(ctx.host('db1'), `mkdir -p ${ctx.params.dir}`);
      },
    },
    {
      id: 'secret',
      title: 'Use a secret',
      run: async (ctx) => {
        await ctx.ssh.write(ctx.host('db1'), `mysql -uroot -p${ctx.params.password} -e 'select 1'`);
        ctx.output.done = true;
      },
    },
  ],
};

function setup() {
  const db = openDatabase(':memory:');
  const bus = createEventBus();
  const events: RunEvent[] = [];
  bus.subscribe((m: EventMessage) => {
    if (m.topic === 'workflow.event') events.push(m.payload as RunEvent);
  });
  const executor = new ScriptedExecutor();
  const runs = new RunsRepo(db);
  const audit = new AuditRepo(db);
  const runner = new WorkflowRunner({
    definitions: [testWorkflow as unknown as WorkflowDefinition],
    runs,
    audit,
    bus,
    executor,
    clock: { now: () => new Date('2026-01-01T00:00:00Z') },
    host: () => host,
  });
  return { db, runner, executor, events, audit, runs, bus };
}

const params = { dir: '/srv/data', password: 'Sup3rSecret!' };

describe('workflow runner', () => {
  it('plans without running writes, with every command listed and secrets masked', async () => {
    const { runner, executor } = setup();
    const plan = await runner.plan('make-dir', params);
    expect(plan.steps.map((s) => s.id)).toEqual(['probe', 'mkdir', 'secret']);
    const actions = plan.steps.flatMap((s) => s.actions);
    expect(actions.filter((a) => a.write).map((a) => a.detail)).toEqual([
      'mkdir -p /srv/data',
      "mysql -uroot -p•••••• -e 'select 1'",
    ]);
    expect(executor.ran.some((c) => c.startsWith('mkdir') || c.startsWith('mysql'))).toBe(false);
    expect(JSON.stringify(plan)).not.toContain('Sup3rSecret!');
  });

  it('runs every step, streams events, persists the run and audits each write', async () => {
    const { runner, events, audit, db } = setup();
    const { runId } = runner.start('make-dir', params, 'cli');
    const done = await runner.wait(runId);
    expect(done.status).toBe('succeeded');
    const detail = runner.detail(runId);
    expect(detail.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    expect(detail.output).toEqual({ done: true });
    expect(events.filter((e) => e.type === 'step').length).toBeGreaterThanOrEqual(6);
    expect(events.at(-1)).toMatchObject({ type: 'run', run: { status: 'succeeded' } });
    const records = audit.list(10);
    expect(records.map((r) => r.detail)).toEqual([
      "mysql -uroot -p•••••• -e 'select 1' → exit 0",
      'mkdir -p /srv/data → exit 0',
    ]);
    expect(records.every((r) => r.door === 'cli' && r.runId === runId)).toBe(true);
    const dump =
      JSON.stringify(db.prepare('SELECT * FROM workflow_logs').all()) +
      JSON.stringify(db.prepare('SELECT * FROM workflow_runs').all());
    expect(dump).not.toContain('Sup3rSecret!');
  });

  it('stops at a failing step with a clear error and resumes from it, not from the start', async () => {
    const { runner, executor } = setup();
    executor.failOn = 'mkdir';
    const { runId } = runner.start('make-dir', params, 'web');
    const failed = await runner.wait(runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'SSH_COMMAND_FAILED' });
    expect(failed.error?.message).toContain('disk full');
    expect(runner.detail(runId).steps.map((s) => s.status)).toEqual(['done', 'failed', 'pending']);

    executor.failOn = undefined;
    executor.ran.length = 0;
    runner.resume(runId);
    expect((await runner.wait(runId)).status).toBe('succeeded');
    expect(executor.ran).not.toContain('ls /');
    expect(executor.ran[0]).toContain('test -d /srv/data');
  });

  it('skips a step whose check says it is already done', async () => {
    const { runner, executor } = setup();
    executor.exec = async (_h, command) => ({
      code: 0,
      stdout: command.startsWith('test -d') ? 'yes' : '',
      stderr: '',
      durationMs: 0,
    });
    const { runId } = runner.start('make-dir', params, 'web');
    await runner.wait(runId);
    expect(runner.detail(runId).steps.map((s) => s.status)).toEqual(['done', 'skipped', 'done']);
  });

  it('cancels the running step through its AbortSignal', async () => {
    const { runner, executor } = setup();
    executor.hangOn = 'mkdir';
    const { runId } = runner.start('make-dir', params, 'web');
    await new Promise((r) => setTimeout(r, 20));
    expect(runner.cancel(runId)).toEqual({ cancelled: true });
    const summary = await runner.wait(runId);
    expect(summary.status).toBe('cancelled');
    expect(runner.detail(runId).steps.map((s) => s.status)).toEqual([
      'done',
      'cancelled',
      'pending',
    ]);
  });

  it('marks runs that were going when the process died as interrupted, and resumes them', async () => {
    const first = setup();
    first.executor.hangOn = 'mkdir';
    const { runId } = first.runner.start('make-dir', params, 'web');
    await new Promise((r) => setTimeout(r, 20));
    // Simulate a crash: a new runner over the same database, the old one never finishes.
    const second = new WorkflowRunner({
      definitions: [testWorkflow as unknown as WorkflowDefinition],
      runs: first.runs,
      audit: first.audit,
      bus: first.bus,
      executor: new ScriptedExecutor(),
      clock: { now: () => new Date() },
      host: () => host,
    });
    expect(second.recoverInterrupted()).toEqual([runId]);
    const interrupted = second.detail(runId);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.steps.map((s) => s.status)).toEqual(['done', 'failed', 'pending']);
    second.resume(runId);
    expect((await second.wait(runId)).status).toBe('succeeded');
    first.runner.cancel(runId);
  });

  it('rejects bad params and unknown workflows with hints', async () => {
    const { runner } = setup();
    expect(() => runner.start('make-dir', { dir: 1 }, 'web')).toThrow(/dir/);
    expect(() => runner.start('nope', {}, 'web')).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_UNKNOWN', hint: 'Known workflows: make-dir.' }),
    );
  });
});

describe('steps the params do not ask for', () => {
  const Optional = z.object({ extra: z.boolean() });
  const optionalWorkflow: WorkflowDefinition<typeof Optional> = {
    id: 'optional',
    title: 'Optional step',
    description: 'test',
    params: Optional,
    subject: () => 'db1',
    steps: [
      {
        id: 'extra',
        title: 'Extra work',
        requested: (p) => p.extra,
        // Would claim "already done" if it were asked: the runner must not ask.
        check: async () => true,
        run: async (ctx) => {
          await ctx.ssh.write(ctx.host('db1'), 'touch /extra');
        },
      },
    ],
  };
  const runnerWith = () => {
    const executor = new ScriptedExecutor();
    const runner = new WorkflowRunner({
      definitions: [optionalWorkflow as unknown as WorkflowDefinition],
      runs: new RunsRepo(openDatabase(':memory:')),
      audit: new AuditRepo(openDatabase(':memory:')),
      bus: createEventBus(),
      executor,
      clock: { now: () => new Date('2026-01-01T00:00:00Z') },
      host: () => host,
    });
    return { runner, executor };
  };

  it('are planned as "not requested", not "already done", and nothing runs for them', async () => {
    const { runner, executor } = runnerWith();
    const plan = await runner.plan('optional', { extra: false });
    expect(plan.steps[0]).toMatchObject({ notRequested: true, alreadyDone: false, actions: [] });
    const { runId } = runner.start('optional', { extra: false }, 'cli');
    await runner.wait(runId);
    const detail = runner.detail(runId);
    expect(detail.steps[0]?.status).toBe('skipped');
    expect(detail.logs.map((l) => l.text)).toContain('Not requested; skipped.');
    expect(detail.logs.map((l) => l.text).join(' ')).not.toMatch(/Already done/);
    expect(executor.ran).toEqual([]);
  });

  it('run when asked for', async () => {
    const { runner } = runnerWith();
    const plan = await runner.plan('optional', { extra: true });
    expect(plan.steps[0]).toMatchObject({ alreadyDone: true });
    expect(plan.steps[0]?.notRequested).toBeUndefined();
  });
});
