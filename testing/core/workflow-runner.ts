import type { EventMessage, Host, RunEvent } from '../../src-main/contract';
import type { Clock } from '../../src-main/core/clock';
import { createEventBus, type EventBus } from '../../src-main/core/event-bus';
import { PromptService } from '../../src-main/core/prompts/prompt-service';
import { AuditRepo } from '../../src-main/core/store/audit-repo';
import { openDatabase, type Db } from '../../src-main/core/store/database';
import { RunStateRepo } from '../../src-main/core/store/run-state-repo';
import { RunsRepo } from '../../src-main/core/store/runs-repo';
import { WorkflowLocksRepo } from '../../src-main/core/store/workflow-locks-repo';
import { testHost } from './test-host';
import type {
  ExecResult,
  WorkflowDefinition,
} from '../../src-main/core/workflows/engine/definition';
import type { RemoteExecutor } from '../../src-main/core/workflows/engine/effects-deps';
import { WorkflowRunner, type RunnerDeps } from '../../src-main/core/workflows/engine/runner';

/** Records commands; fails or hangs on demand (fault injection — the real SSH path is tested on the lab). */
export class ScriptedExecutor implements RemoteExecutor {
  readonly ran: string[] = [];
  failOn?: string | undefined;
  hangOn?: string | undefined;
  stdout: (command: string) => string = (command) => `out of ${command}`;
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
      stdout: this.stdout(command),
      stderr: failed ? 'disk full' : '',
      durationMs: 1,
    };
  }
}

export interface TestEngine {
  db: Db;
  bus: EventBus;
  runs: RunsRepo;
  state: RunStateRepo;
  audit: AuditRepo;
  prompts: PromptService;
  runner: WorkflowRunner;
  /** Every workflow.event so far. */
  events: RunEvent[];
  /** A second runner on the same store (another process, or the next start-up after a crash). */
  another(overrides?: Partial<RunnerDeps>): WorkflowRunner;
}

/**
 * The workflow engine over an in-memory store with the real repositories, bus and prompt
 * service; the executor (and anything else) comes from the test.
 */
export function testEngine(
  definitions: readonly WorkflowDefinition[],
  overrides: Partial<RunnerDeps> & Pick<RunnerDeps, 'executor'>,
  options: { db?: Db; clock?: Clock; hosts?: readonly Host[] } = {},
): TestEngine {
  const db = options.db ?? openDatabase(':memory:');
  const bus = createEventBus();
  const events: RunEvent[] = [];
  bus.subscribe((m: EventMessage) => {
    if (m.topic === 'workflow.event') events.push(m.payload as RunEvent);
  });
  const hosts = options.hosts ?? [testHost('db1')];
  const base = (): RunnerDeps => ({
    definitions,
    runs: new RunsRepo(db),
    state: new RunStateRepo(db),
    locks: new WorkflowLocksRepo(db),
    audit: new AuditRepo(db),
    prompts: new PromptService(bus),
    bus,
    clock: options.clock ?? { now: () => new Date() },
    host: (idOrName) => {
      const h = hosts.find((x) => x.id === idOrName || x.name === idOrName);
      if (!h) throw new Error(`no test host ${idOrName}`);
      return h;
    },
    ...overrides,
  });
  const deps = base();
  return {
    db,
    bus,
    runs: deps.runs,
    state: deps.state,
    audit: deps.audit,
    prompts: deps.prompts,
    runner: new WorkflowRunner(deps),
    events,
    another: (more = {}) => new WorkflowRunner({ ...base(), ...more }),
  };
}
