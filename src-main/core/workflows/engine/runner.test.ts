import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScriptedExecutor, testEngine } from '../../../../testing/core/workflow-runner';
import type { WorkflowDefinition } from './definition';
import { outputOf } from './definition';
import { sealedEngine } from '../../../../testing/core/sealed-workflow';

const Params = z.object({ dir: z.string(), password: z.string() });
type Params = z.output<typeof Params>;
const PROBE = outputOf('probe', z.object({ entries: z.number(), listedAt: z.string() }));

const testWorkflow: WorkflowDefinition<Params> = {
  id: 'make-dir',
  title: 'Make a directory',
  description: 'test',
  params: Params,
  subject: () => 'db1',
  steps: [
    {
      ...PROBE,
      title: 'Look',
      run: async (ctx) => {
        const out = await ctx.ssh.read(ctx.host('db1'), 'ls /');
        return { entries: out.stdout.split(' ').length, listedAt: 'now' };
      },
    },
    {
      id: 'mkdir',
      title: 'Create it',
      check: async (ctx) =>
        (await ctx.ssh.read(ctx.host('db1'), `test -d ${ctx.params.dir} && echo yes`)).stdout ===
        'yes',
      run: async (ctx) => {
        // Typed: the earlier step's output, as its schema says.
        const { entries } = ctx.get(PROBE);
        ctx.log(`${entries} entries in /`);
        await ctx.ssh.write(ctx.host('db1'), `mkdir -p ${ctx.params.dir}`);
      },
    },
    {
      id: 'secret',
      title: 'Use a secret',
      run: async (ctx) => {
        await ctx.ssh.write(ctx.host('db1'), `mysql -uroot -p${ctx.params.password} -e 'select 1'`);
      },
    },
  ],
};

function setup() {
  const executor = new ScriptedExecutor();
  const engine = testEngine([testWorkflow], { executor });
  return { ...engine, executor };
}

const params = { dir: '/srv/data', password: 'Sup3rSecret!' };
const start = (e: ReturnType<typeof setup>, door = 'web') =>
  e.runner.start({ workflow: 'make-dir', params }, door);

describe('workflow runner', () => {
  it('plans without running writes, with every command listed and secrets masked', async () => {
    const { runner, executor } = setup();
    const plan = await runner.plan({ workflow: 'make-dir', params });
    expect(plan.steps.map((s) => s.id)).toEqual(['probe', 'mkdir', 'secret']);
    const actions = plan.steps.flatMap((s) => s.actions);
    expect(actions.filter((a) => a.write).map((a) => a.detail)).toEqual([
      'mkdir -p /srv/data',
      "mysql -uroot -p•••••• -e 'select 1'",
    ]);
    expect(executor.ran.some((c) => c.startsWith('mkdir') || c.startsWith('mysql'))).toBe(false);
    expect(JSON.stringify(plan)).not.toContain('Sup3rSecret!');
    expect(plan).toMatchObject({ locks: [], rollback: 'on-request' });
  });

  it('runs every step, streams events, persists the run and audits each write', async () => {
    const e = setup();
    const { runId } = start(e, 'cli');
    const done = await e.runner.wait(runId);
    expect(done.status).toBe('succeeded');
    const detail = e.runner.detail(runId);
    expect(detail.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    expect(detail.output).toEqual({ probe: { entries: 4, listedAt: 'now' } });
    expect(detail.logs.map((l) => l.text)).toContain('4 entries in /');
    expect(e.events.filter((x) => x.type === 'step').length).toBeGreaterThanOrEqual(6);
    expect(e.events.at(-1)).toMatchObject({ type: 'run', run: { status: 'succeeded' } });
    const records = e.audit.list(10);
    expect(records.map((r) => r.detail)).toEqual([
      "mysql -uroot -p•••••• -e 'select 1' → exit 0",
      'mkdir -p /srv/data → exit 0',
    ]);
    expect(records.every((r) => r.door === 'cli' && r.runId === runId)).toBe(true);
    const dump =
      JSON.stringify(e.db.prepare('SELECT * FROM workflow_logs').all()) +
      JSON.stringify(e.db.prepare('SELECT * FROM workflow_runs').all());
    expect(dump).not.toContain('Sup3rSecret!');
  });

  it('stops at a failing step with a clear error and resumes from it, with typed outputs restored', async () => {
    const e = setup();
    e.executor.failOn = 'mkdir';
    const { runId } = start(e);
    const failed = await e.runner.wait(runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'SSH_COMMAND_FAILED' });
    expect(failed.error?.message).toContain('disk full');
    expect(e.runner.detail(runId).steps.map((s) => s.status)).toEqual([
      'done',
      'failed',
      'pending',
    ]);

    // A new process resumes: the probe's output comes back from the store, typed.
    e.executor.failOn = undefined;
    e.executor.ran.length = 0;
    const next = e.another();
    next.resume(runId);
    expect((await next.wait(runId)).status).toBe('succeeded');
    expect(e.executor.ran).not.toContain('ls /');
    expect(e.executor.ran[0]).toContain('test -d /srv/data');
    expect(next.detail(runId).logs.filter((l) => l.text === '4 entries in /')).toHaveLength(2);
  });

  it('says clearly when a stored output no longer fits its schema', async () => {
    const e = setup();
    e.executor.failOn = 'mkdir';
    const { runId } = start(e);
    await e.runner.wait(runId);
    e.db
      .prepare(
        'UPDATE workflow_steps SET output_json = \'{"entries":"many"}\' WHERE step_id = \'probe\'',
      )
      .run();
    e.executor.failOn = undefined;
    e.runner.resume(runId);
    const again = await e.runner.wait(runId);
    expect(again.error).toMatchObject({
      code: 'WORKFLOW_STEP_FAILED',
      message: expect.stringMatching(/stored output of step “probe” does not fit its schema/),
    });
  });

  it('skips a step whose check says it is already done', async () => {
    const e = setup();
    e.executor.stdout = (command) => (command.startsWith('test -d') ? 'yes' : 'a b');
    const { runId } = start(e);
    await e.runner.wait(runId);
    expect(e.runner.detail(runId).steps.map((s) => s.status)).toEqual(['done', 'skipped', 'done']);
  });

  it('cancels the running step through its AbortSignal', async () => {
    const e = setup();
    e.executor.hangOn = 'mkdir';
    const { runId } = start(e);
    await new Promise((r) => setTimeout(r, 20));
    expect(e.runner.cancel(runId)).toEqual({ cancelled: true });
    const summary = await e.runner.wait(runId);
    expect(summary.status).toBe('cancelled');
    expect(e.runner.detail(runId).steps.map((s) => s.status)).toEqual([
      'done',
      'cancelled',
      'pending',
    ]);
  });

  it('marks runs that were going when the process died as interrupted, and resumes them', async () => {
    const first = setup();
    first.executor.hangOn = 'mkdir';
    const { runId } = start(first);
    await new Promise((r) => setTimeout(r, 20));
    // Simulate a crash: a new runner over the same database, the old one never finishes.
    const second = first.another({ executor: new ScriptedExecutor() });
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
    expect(() => runner.start({ workflow: 'make-dir', params: { dir: 1 } }, 'web')).toThrow(/dir/);
    expect(() => runner.start({ workflow: 'nope', params: {} }, 'web')).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_UNKNOWN', hint: 'Known workflows: make-dir.' }),
    );
  });
});

describe('steps the params do not ask for', () => {
  const Optional = z.object({ extra: z.boolean() });
  type Optional = z.output<typeof Optional>;
  const optionalWorkflow: WorkflowDefinition<Optional> = {
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
        // Would claim "already done" if it were asked: the engine must not ask.
        check: async () => true,
        run: async (ctx) => {
          await ctx.ssh.write(ctx.host('db1'), 'touch /extra');
        },
      },
    ],
  };
  const engine = () => {
    const executor = new ScriptedExecutor();
    return { ...testEngine([optionalWorkflow as WorkflowDefinition], { executor }), executor };
  };

  it('are planned as "not requested", not "already done", and nothing runs for them', async () => {
    const { runner, executor } = engine();
    const plan = await runner.plan({ workflow: 'optional', params: { extra: false } });
    expect(plan.steps[0]).toMatchObject({ notRequested: true, alreadyDone: false, actions: [] });
    const { runId } = runner.start({ workflow: 'optional', params: { extra: false } }, 'cli');
    await runner.wait(runId);
    const detail = runner.detail(runId);
    expect(detail.steps[0]?.status).toBe('skipped');
    expect(detail.logs.map((l) => l.text)).toContain('Not requested; skipped.');
    expect(detail.logs.map((l) => l.text).join(' ')).not.toMatch(/Already done/);
    expect(executor.ran).toEqual([]);
  });

  it('run when asked for', async () => {
    const { runner } = engine();
    const plan = await runner.plan({ workflow: 'optional', params: { extra: true } });
    expect(plan.steps[0]).toMatchObject({ alreadyDone: true });
    expect(plan.steps[0]?.notRequested).toBeUndefined();
  });
});

describe('sealed params (secrets moved into the vault before the run is recorded)', () => {
  it('refuses a request carrying the sealed field (a host password ref), in any door, and leaves that entry alone', async () => {
    const { runner, vault } = sealedEngine();
    const params = { boot: '', bootRef: 'vault:host-password' };
    await expect(runner.startSealed({ workflow: 'sealed', params }, 'web')).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    expect(() => runner.start({ workflow: 'sealed', params }, 'cli')).toThrow(/set by Opsdeck/);
    expect(vault.get('vault:host-password')).toBe('hunter2');
    expect(runner.recent(10)).toEqual([]);
  });

  it('accepts the sealed field present with an undefined value (IPC structured clone, a spread of stored params keep the key)', async () => {
    const { runner, vault } = sealedEngine();
    const params = { boot: 'boot-token', bootRef: undefined };
    const { runId } = await runner.startSealed({ workflow: 'sealed', params }, 'web');
    expect((await runner.wait(runId)).status).toBe('succeeded');
    expect(runner.detail(runId).params).toMatchObject({ boot: '', bootRef: 'vault:sealed-1' });
    expect(vault.get('vault:sealed-1')).toBe('boot-token');
    const plain = runner.start({ workflow: 'sealed', params: { bootRef: undefined } }, 'cli');
    expect((await runner.wait(plain.runId)).status).toBe('succeeded');
  });

  it('moves the secret into the vault, records only the reference, and the generic form does not offer the field', async () => {
    const { runner, vault } = sealedEngine();
    const { runId } = await runner.startSealed(
      { workflow: 'sealed', params: { boot: 'boot-token' } },
      'web',
    );
    await runner.wait(runId);
    expect(runner.detail(runId).params).toMatchObject({ boot: '', bootRef: 'vault:sealed-1' });
    expect(vault.get('vault:sealed-1')).toBe('boot-token');
    const schema = runner.list().find((w) => w.id === 'sealed')?.paramsSchema;
    expect(Object.keys((schema?.properties ?? {}) as object)).toEqual(['boot']);
  });

  it('refuses unsealed secrets in start, and deletes the vault entry when the run cannot be recorded', async () => {
    const { runner, vault } = sealedEngine(() => {
      throw new Error('no such host');
    });
    expect(() =>
      runner.start({ workflow: 'sealed', params: { boot: 'boot-token' } }, 'cli'),
    ).toThrow(/vault before the run is recorded/);
    await expect(
      runner.startSealed({ workflow: 'sealed', params: { boot: 'boot-token' } }, 'web'),
    ).rejects.toThrow(/no such host/);
    expect([...vault.keys()]).toEqual(['vault:host-password']);
  });
});
