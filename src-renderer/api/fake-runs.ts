/**
 * DEV ONLY — a simulated workflow engine for the fake transport: a collect-facts run that
 * progresses over a few seconds, fails on hosts named `*db-euw1-02*` the first time, and can be
 * cancelled and resumed.
 */
import type {
  EventMessage,
  Host,
  LogLine,
  Plan,
  RunDetail,
  RunStep,
} from '../../src-main/contract';
import { sampleFacts } from './fake-data';

const STEPS = [
  { id: 'connect', title: 'Connect over SSH', cmds: ['ssh {user}@{address} -p {port}'] },
  { id: 'os', title: 'Detect operating system', cmds: ['cat /etc/os-release', 'uname -r'] },
  { id: 'hardware', title: 'Inventory CPUs and memory', cmds: ['nproc', 'free -m'] },
  { id: 'disks', title: 'Inventory disks', cmds: ['df -P -m -x tmpfs'] },
  {
    id: 'mysql',
    title: 'Detect MySQL / MariaDB',
    cmds: ['mysqld --version', 'systemctl is-active mariadb mysql'],
  },
  { id: 'save', title: 'Save facts to inventory', cmds: [] },
] as const;

type Emit = (message: EventMessage) => void;

function fill(cmd: string, h: Host) {
  return cmd
    .replace('{user}', h.user)
    .replace('{address}', h.address)
    .replace('{port}', String(h.port));
}

export function fakePlan(host: Host): Plan {
  return {
    workflow: 'collect-facts',
    title: 'Collect facts',
    params: { hostIds: [host.id] },
    locks: [],
    rollback: 'on-request',
    steps: STEPS.map((s) => ({
      id: s.id,
      title: s.title,
      alreadyDone: false,
      undoable: false,
      pointOfNoReturn: false,
      gates: [],
      children: [],
      actions:
        s.id === 'save'
          ? [
              {
                kind: 'local',
                target: 'inventory',
                detail: `update hosts set facts = … where name = '${host.name}'`,
                write: true,
              },
            ]
          : s.cmds.map((c) => ({
              kind: 'ssh',
              target: host.name,
              detail: fill(c, host),
              write: false,
            })),
    })),
  };
}

export class FakeRuns {
  readonly runs = new Map<string, RunDetail>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private failedOnce = new Set<string>();
  private seq = 0;

  constructor(
    private readonly emit: Emit,
    private readonly onFacts: (hostId: string, facts: Host['facts']) => void,
  ) {}

  start(host: Host): string {
    const id = `run-${Date.now().toString(36)}-${(this.seq++).toString(36)}`;
    const now = new Date().toISOString();
    const run: RunDetail = {
      id,
      workflow: 'collect-facts',
      title: 'Collect facts',
      status: 'running',
      subject: host.name,
      door: 'web',
      createdAt: now,
      updatedAt: now,
      params: { hostIds: [host.id] },
      steps: STEPS.map((s) => ({ id: s.id, title: s.title, status: 'pending' })),
      logs: [],
      output: {},
      changes: [],
      leftFiles: [],
      locks: [],
      options: { onLockHeld: 'wait', pauseBefore: [], approveGates: false },
      rollback: 'on-request',
    };
    this.runs.set(id, run);
    this.emitRun(run);
    this.advance(run, host, 0);
    return id;
  }

  resume(runId: string, host: Host): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const from = run.steps.findIndex((s) => s.status !== 'done' && s.status !== 'skipped');
    this.setRun(run, 'running');
    this.advance(run, host, Math.max(0, from));
  }

  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    const timer = this.timers.get(runId);
    if (!run || !timer) return false;
    clearTimeout(timer);
    this.timers.delete(runId);
    const step = run.steps.find((s) => s.status === 'running');
    const error = {
      code: 'CANCELLED' as const,
      message: 'The run was cancelled.',
      hint: 'Resume it to continue from this step.',
    };
    if (step) this.setStep(run, step, 'cancelled', error);
    this.log(run, step?.id, 'error', `${error.message} — ${error.hint}`);
    this.setRun(run, 'cancelled', error);
    return true;
  }

  private advance(run: RunDetail, host: Host, index: number) {
    const spec = STEPS[index];
    const step = run.steps[index];
    if (!spec || !step) {
      const facts = {
        ...sampleFacts(host.name, host.groups.includes('db')),
        collectedAt: new Date().toISOString(),
      };
      run.output = { collect: { facts: [facts] } };
      this.onFacts(host.id, facts);
      this.setRun(run, 'succeeded');
      this.timers.delete(run.id);
      return;
    }
    this.setStep(run, step, 'running');
    this.log(
      run,
      step.id,
      'info',
      index === 0 ? `${spec.title} to ${host.name}…` : `${spec.title}…`,
    );
    let i = 0;
    const tick = () => {
      const cmd = spec.cmds[i];
      if (cmd !== undefined) {
        this.log(run, step.id, 'cmd', fill(cmd, host));
        this.log(run, step.id, 'out', fakeOutput(cmd, host));
        i++;
        this.timers.set(run.id, setTimeout(tick, 300));
        return;
      }
      if (spec.id === 'mysql' && host.name.includes('db-euw1-02') && !this.failedOnce.has(run.id)) {
        this.failedOnce.add(run.id);
        const error = {
          code: 'SSH_COMMAND_FAILED' as const,
          message: `systemctl is-active mariadb exited with 3 on ${host.name}.`,
          hint: 'MariaDB is installed but not running. Start it, then resume this run.',
        };
        this.setStep(run, step, 'failed', error);
        this.log(run, step.id, 'error', `${error.message} — ${error.hint}`);
        this.setRun(run, 'failed', error);
        this.timers.delete(run.id);
        return;
      }
      this.setStep(run, step, 'done');
      this.timers.set(
        run.id,
        setTimeout(() => this.advance(run, host, index + 1), 150),
      );
    };
    this.timers.set(run.id, setTimeout(tick, 350));
  }

  private setStep(
    run: RunDetail,
    step: RunStep,
    status: RunStep['status'],
    error?: RunStep['error'],
  ) {
    const now = new Date().toISOString();
    if (status === 'running') {
      step.startedAt = now;
      delete step.finishedAt;
      delete step.error;
    } else step.finishedAt = now;
    step.status = status;
    if (error) step.error = error;
    this.emit({
      topic: 'workflow.event',
      payload: { type: 'step', runId: run.id, step: { ...step } },
    });
  }

  private setRun(run: RunDetail, status: RunDetail['status'], error?: RunDetail['error']) {
    run.status = status;
    run.updatedAt = new Date().toISOString();
    if (error) run.error = error;
    else delete run.error;
    this.emitRun(run);
  }

  private emitRun(run: RunDetail) {
    const { params: _p, steps: _s, logs: _l, output: _o, ...summary } = run;
    this.emit({ topic: 'workflow.event', payload: { type: 'run', runId: run.id, run: summary } });
  }

  private log(run: RunDetail, stepId: string | undefined, level: LogLine['level'], text: string) {
    const line: LogLine = {
      seq: run.logs.length + 1,
      at: new Date().toISOString(),
      level,
      text,
      ...(stepId ? { stepId } : {}),
    };
    run.logs.push(line);
    this.emit({ topic: 'workflow.event', payload: { type: 'log', runId: run.id, line } });
  }
}

function fakeOutput(cmd: string, h: Host): string {
  if (cmd.startsWith('ssh')) return `Connected to ${h.address}:${h.port} (ssh-ed25519)`;
  if (cmd.includes('os-release')) return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"';
  if (cmd.startsWith('uname')) return '6.1.0-21-amd64';
  if (cmd === 'nproc') return '8';
  if (cmd.startsWith('free')) return 'Mem:  16012  5210  1320  120  9482  10410';
  if (cmd.startsWith('df')) return '/dev/nvme0n1p1  40960  18022  22938  44% /';
  if (cmd.startsWith('mysqld')) return 'mysqld  Ver 10.11.6-MariaDB-0+deb12u1 for debian-linux-gnu';
  return 'active';
}
