import { afterAll, beforeAll } from 'vitest';
import type { RunDetail, WorkflowRequestIn } from '../../src-main/contract';
import { answerGates } from '../lab/failover-lab';
import { sql } from '../lab/mysql-lab';
import type { Clock } from '../../src-main/core/clock';
import { labServices } from './ssh-fixture';

/** A test core with the lab inventory imported, and a typed `call` through its router. */
export type LabServices = Awaited<ReturnType<typeof labServices>>;

export interface LabSuiteOptions {
  /** Right after the lab is imported: the host state the suite starts from. */
  prepare?(t: LabServices): Promise<void>;
  /** Before the core is disposed (even when a test failed): runs stopped, hosts put back. */
  release?(t: LabServices): Promise<void>;
  /** After the core is closed (no session of it open any more): lab hosts reset underneath it. */
  afterDispose?(): void | Promise<void>;
  /** beforeAll's limit (default 60 s): raise it when `prepare` builds replicas. */
  setupMs?: number;
  /** afterAll's limit (default 60 s). */
  teardownMs?: number;
  /** The core's clock (default the system's). */
  clock?: Clock;
}

/**
 * The setup every lab itest of a file (or describe) shares: one core with the lab imported before
 * its tests, released and disposed after them. Workflow log lines echo on the console when
 * OPSDECK_TEST_VERBOSE is set. Returns the services, for use inside tests and hooks.
 */
export function labSuite(options: LabSuiteOptions = {}): () => LabServices {
  let services: LabServices | undefined;
  beforeAll(async () => {
    services = await labServices('cli', options.clock);
    if (process.env.OPSDECK_TEST_VERBOSE) echoRunLogs(services);
    await options.prepare?.(services);
  }, options.setupMs ?? 60_000);
  afterAll(async () => {
    if (!services) return;
    try {
      await options.release?.(services);
    } finally {
      await services.dispose();
    }
    await options.afterDispose?.();
  }, options.teardownMs ?? 60_000);
  return () => {
    if (!services) throw new Error('the lab suite’s services are used before its beforeAll ran');
    return services;
  };
}

/** Each workflow log line on the console, as it is written. */
function echoRunLogs(t: LabServices): void {
  t.bus.subscribe((m) => {
    const e = m.payload as { type?: string; line?: { level: string; text: string } };
    if (m.topic === 'workflow.event' && e.type === 'log')
      console.log(`[run] ${e.line?.level} ${e.line?.text}`);
  });
}

/**
 * A workflow run from start to end, as the CLI starts it. With `typed`, its go-ahead gates are
 * answered with that text as a person would type it; without, a gate would wait.
 */
export async function runWorkflow(
  t: Pick<LabServices, 'core'>,
  request: WorkflowRequestIn,
  gates?: { typed: string },
  limit?: RunLimit,
): Promise<RunDetail> {
  let id = '';
  const stop = gates ? answerGates(t, () => id, gates) : () => undefined;
  try {
    id = t.core.workflows.start(request, 'cli').runId;
    if (limit) await finishedWithin(t, id, limit.withinMs);
    else await t.core.workflows.wait(id);
  } finally {
    stop();
  }
  return t.core.workflows.detail(id);
}

/** A run's own time limit in a test: well under the test's, so a hang reports where it hung. */
export interface RunLimit {
  withinMs: number;
}

/**
 * Waits for run `id` at most `ms`; past that, the run is cancelled (and given 15 s to stop) and
 * the test fails with the step it was still at and its log — instead of the test timing out
 * with nothing said, and its clean-up racing a run that still works.
 */
async function finishedWithin(t: Pick<LabServices, 'core'>, id: string, ms: number) {
  const finished = t.core.workflows.wait(id).then(() => true);
  const late = (wait: number) =>
    new Promise<false>((resolve) => setTimeout(() => resolve(false), wait).unref());
  if (await Promise.race([finished, late(ms)])) return;
  const d = t.core.workflows.detail(id);
  const at = d.steps.filter((s) => s.status === 'running').map((s) => s.id);
  t.core.workflows.cancel(id);
  const stopped = await Promise.race([finished, late(15_000)]);
  throw new Error(
    `${d.workflow} run ${id} did not finish within ${ms / 1000} s (still at ${at.join(', ') || d.status}${d.waiting ? `, waiting for ${d.waiting.kind}` : ''}); cancelled${stopped ? '' : ', and it did not stop within 15 s either'}.\n${explain(d)}`,
  );
}

/**
 * `run` starts a workflow and waits for it (runWorkflow), keeping every run it made in `runs`:
 * what a suite's release puts back (resetLabReplication takes the files they left aside).
 */
export function recordedRuns(services: () => Pick<LabServices, 'core'>) {
  const runs: RunDetail[] = [];
  const run = async (request: WorkflowRequestIn, gates?: { typed: string }, limit?: RunLimit) => {
    const r = await runWorkflow(services(), request, gates, limit);
    runs.push(r);
    return r;
  };
  return { runs, run };
}

/** How many rows a lab host's table holds (by default the test data's `opsdeck_test.events`). */
export const rowsOf = async (host: string, table = 'opsdeck_test.events') =>
  Number((await sql(host, `SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

/** A run's outcome and every log line: the message of an assertion on its status. */
export const explain = (d: RunDetail) =>
  `${d.status}: ${d.error?.code ?? ''} ${d.error?.message ?? ''} ${d.error?.hint ?? ''}\n` +
  d.logs.map((l) => `${l.level} ${l.text}`).join('\n');
