import { randomUUID } from 'node:crypto';
import {
  CheckInput,
  EXIT_CODE,
  isBackupCheck,
  OpsdeckError,
  type BackupEntry,
  worseState,
  type CheckDefinition,
  type CheckEvent,
  type CheckPatch,
  type CheckRunResult,
  type CheckStatus,
  toErrorShape,
  type Host,
  type HostSample,
} from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { CollectorEvent } from '../metrics/ssh/host-collector';
import type { ChecksRepo } from '../store/checks-repo';
import { BackupCheckWatch } from './backup-check-watch';
import { checkableSeries, evaluate, unreachable, type CheckResult } from './evaluate';
import { advance, type CheckMemory } from './nagios-state';

export interface CheckEngineDeps {
  repo: ChecksRepo;
  collectors: {
    watch(host: string, intervalMs: number, listener: (e: CollectorEvent) => void): () => void;
    nextSample(host: string, timeoutMs?: number): Promise<HostSample>;
  };
  hosts: { get(idOrName: string): Host; list(): Host[] };
  bus: EventBus;
  clock: Clock;
  /**
   * The host's catalogued backups that had a restore test (the backup check kind reads the
   * store, never the host). Without it a backup check is UNKNOWN.
   */
  restoreTests?: (host: Host) => BackupEntry[];
}

export interface CheckScope {
  group?: string | undefined;
  host?: string | undefined;
}

const pairKey = (checkId: string, hostId: string) => `${checkId} ${hostId}`;
/** How often remembered states are written back (state changes are written at once). */
const FLUSH_MS = 30_000;

/**
 * Threshold checks with Nagios semantics. In a long-running core (desktop, `opsdeck serve`) the
 * engine watches every checked host through the shared collectors — a host with checks is
 * collected even when no chart is open — and moves each check's state on every sample
 * (SOFT → HARD after its attempts, flap detection), keeping the state and its history in the
 * store and announcing changes as `checks.changed`. `runOnce` evaluates now, for cron.
 */
export class CheckEngine {
  private readonly memory = new Map<string, CheckMemory>();
  private readonly dirty = new Set<string>();
  private readonly watching = new Map<string, { signature: string; stop: () => void }>();
  private defs = new Map<string, CheckDefinition>();
  private started = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private offHosts: (() => void) | undefined;
  private readonly backups: BackupCheckWatch;

  constructor(private readonly deps: CheckEngineDeps) {
    this.backups = new BackupCheckWatch({
      host: (hostId) => this.hostOf(hostId),
      clock: deps.clock,
      restoreTests: deps.restoreTests,
      live: (checkId) => {
        const check = this.defs.get(checkId);
        return this.started && check?.enabled ? check : undefined;
      },
      apply: (check, host, result) => this.apply(check, host, result),
    });
    this.reload();
    for (const s of deps.repo.states()) this.memory.set(pairKey(s.checkId, s.hostId), s.memory);
  }

  /** Start watching (long-running doors only: a CLI run must not connect to every checked host). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.offHosts = this.deps.bus.subscribe((m) => {
      if (m.topic === 'hosts.changed') this.sync();
      // A restore test judged (or a backup removed): backup checks move at once, not next tick.
      if (m.topic === 'backups.changed') this.backups.tickAll();
    });
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS);
    this.flushTimer.unref?.();
    this.sync();
  }

  stop(): void {
    this.started = false;
    this.offHosts?.();
    clearInterval(this.flushTimer);
    for (const w of this.watching.values()) w.stop();
    this.watching.clear();
    this.flush();
  }

  list(): CheckDefinition[] {
    return [...this.defs.values()];
  }

  create(input: unknown): CheckDefinition {
    const parsed = CheckInput.parse(input);
    this.validate(parsed.series);
    if (this.deps.repo.find(parsed.name)) {
      throw new OpsdeckError(
        'CONFLICT',
        `A check named ${parsed.name} exists.`,
        'Pick another name, or update that check.',
      );
    }
    const at = this.deps.clock.now().toISOString();
    const check: CheckDefinition = { id: randomUUID(), ...parsed, createdAt: at, updatedAt: at };
    this.deps.repo.save(check);
    this.changed();
    return check;
  }

  update(ref: string, patch: CheckPatch): CheckDefinition {
    const current = this.find(ref);
    const { warning, critical, ...rest } = patch;
    const next: CheckDefinition = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      updatedAt: this.deps.clock.now().toISOString(),
    };
    if (warning === null) delete next.warning;
    else if (warning !== undefined) next.warning = warning;
    if (critical === null) delete next.critical;
    else if (critical !== undefined) next.critical = critical;
    this.validate(next.series);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = next;
    CheckInput.parse(fields); // thresholds and targets still make a check
    this.deps.repo.save(next);
    this.changed();
    return next;
  }

  remove(ref: string): { removed: boolean } {
    const check = this.find(ref);
    const removed = this.deps.repo.remove(check.id);
    for (const key of [...this.memory.keys()])
      if (key.startsWith(`${check.id} `)) this.memory.delete(key);
    this.changed();
    return { removed };
  }

  status(scope: CheckScope = {}): CheckStatus[] {
    const out: CheckStatus[] = [];
    for (const check of this.defs.values()) {
      for (const host of this.targets(check, scope)) {
        const m = this.memory.get(pairKey(check.id, host.id));
        out.push(this.statusOf(check, host, m));
      }
    }
    return out;
  }

  history(scope: CheckScope & { check?: string | undefined; limit: number }): CheckEvent[] {
    const checkId = scope.check ? this.find(scope.check).id : undefined;
    const hosts = scope.group ? this.hostsIn(scope.group).map((h) => h.name) : undefined;
    const host = scope.host ? this.deps.hosts.get(scope.host).name : undefined;
    return this.deps.repo.events({
      ...(host ? { host } : {}),
      ...(hosts ? { hosts } : {}),
      ...(checkId ? { checkId } : {}),
      limit: scope.limit,
    });
  }

  /** State changes of hosts in a time range (the incident timeline). */
  eventsOf(filter: {
    hosts: readonly string[];
    since: string;
    until: string;
    limit: number;
  }): CheckEvent[] {
    return this.deps.repo.events(filter);
  }

  /** Evaluate every check in scope now, one fresh sample per host (no SOFT states: one result). */
  async runOnce(scope: CheckScope = {}): Promise<CheckRunResult> {
    const pairs = [...this.defs.values()]
      .filter((c) => c.enabled)
      .flatMap((c) => this.targets(c, scope).map((h) => ({ check: c, host: h })));
    const samples = new Map<string, Promise<CheckResult | HostSample>>();
    for (const { check, host } of pairs) {
      if (isBackupCheck(check)) continue; // read from the catalog: the host is not contacted
      if (!samples.has(host.id))
        samples.set(
          host.id,
          this.deps.collectors
            .nextSample(host.id)
            .catch((err: unknown) => unreachable(toErrorShape(err))),
        );
    }
    const at = this.deps.clock.now().toISOString();
    const results: CheckStatus[] = [];
    let state: CheckStatus['state'] = 'OK';
    for (const { check, host } of pairs) {
      const got = isBackupCheck(check)
        ? this.backups.result(check, host)
        : await samples.get(host.id)!;
      const result = 'state' in got ? got : evaluate(check, got);
      state = worseState(state, result.state);
      results.push({
        checkId: check.id,
        check: check.name,
        host: host.name,
        series: check.series,
        state: result.state,
        hard: true,
        attempt: 1,
        attempts: check.attempts,
        since: at,
        lastCheck: at,
        value: result.value,
        output: result.output,
        flapping: false,
        stateChangePct: 0,
      });
    }
    return { state, exitCode: EXIT_CODE[state], results };
  }

  /** Write remembered states back to the store. */
  flush(): void {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].flatMap((key) => {
      const memory = this.memory.get(key);
      const [checkId, hostId] = key.split(' ') as [string, string];
      return memory ? [{ checkId, hostId, memory }] : [];
    });
    this.dirty.clear();
    this.deps.repo.saveStates(rows);
  }

  private changed(): void {
    this.reload();
    if (this.started) this.sync();
    this.deps.bus.emit('checks.changed', { kind: 'definitions' });
  }

  private reload(): void {
    this.defs = new Map(this.deps.repo.list().map((c) => [c.id, c]));
  }

  private find(ref: string): CheckDefinition {
    const check = this.deps.repo.find(ref);
    if (!check)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No check ${ref}.`,
        'List the checks: opsdeck checks list.',
      );
    return check;
  }

  private validate(series: string): void {
    if (!checkableSeries(series)) {
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `${series} is not a series a check can watch.`,
        'Use a metric id (load.1, fs.used_pct), a series key (fs.used_pct:/var/lib/mysql) or backup.restore_test (restore tests of the host’s backups); opsdeck metrics --list shows the metrics.',
      );
    }
  }

  private hostsIn(group: string): Host[] {
    const g = group.toLowerCase();
    return this.deps.hosts.list().filter((h) => h.groups.some((x) => x.toLowerCase() === g));
  }

  /** The hosts a check watches (named hosts that still exist, and members of its groups). */
  private targets(check: CheckDefinition, scope: CheckScope): Host[] {
    const byId = new Map<string, Host>();
    for (const ref of check.hosts) {
      try {
        const h = this.deps.hosts.get(ref);
        byId.set(h.id, h);
      } catch {
        // a host removed from the inventory: nothing to watch
      }
    }
    for (const g of check.groups) for (const h of this.hostsIn(g)) byId.set(h.id, h);
    let hosts = [...byId.values()];
    if (scope.group) {
      const g = scope.group.toLowerCase();
      hosts = hosts.filter((h) => h.groups.some((x) => x.toLowerCase() === g));
    }
    if (scope.host) {
      const only = this.deps.hosts.get(scope.host);
      hosts = hosts.filter((h) => h.id === only.id);
    }
    return hosts.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Watch exactly the (check, host) pairs of enabled checks. */
  private sync(): void {
    const wanted = new Map<string, { check: CheckDefinition; host: Host }>();
    for (const check of this.defs.values()) {
      if (!check.enabled) continue;
      for (const host of this.targets(check, {}))
        wanted.set(pairKey(check.id, host.id), { check, host });
    }
    for (const [key, w] of this.watching) {
      const want = wanted.get(key);
      if (!want || want.check.updatedAt !== w.signature) {
        w.stop();
        this.watching.delete(key);
      }
    }
    for (const [key, { check, host }] of wanted) {
      if (this.watching.has(key)) continue;
      const stop = isBackupCheck(check)
        ? this.backups.watch(check.id, host.id, check.intervalMs)
        : this.deps.collectors.watch(host.id, check.intervalMs, (event) =>
            this.onEvent(check.id, host.id, event),
          );
      this.watching.set(key, { signature: check.updatedAt, stop });
    }
  }

  private onEvent(checkId: string, hostId: string, event: CollectorEvent): void {
    const check = this.defs.get(checkId);
    const host = this.hostOf(hostId);
    if (!check || !host) return;
    const result =
      event.kind === 'sample' ? evaluate(check, event.sample) : unreachable(event.error);
    this.apply(check, host, result);
  }

  /** A watched host now, or undefined when it left the inventory (nothing to judge). */
  private hostOf(hostId: string): Host | undefined {
    try {
      return this.deps.hosts.get(hostId);
    } catch {
      return undefined;
    }
  }

  private apply(check: CheckDefinition, host: Host, result: CheckResult): void {
    const key = pairKey(check.id, host.id);
    const before = this.memory.get(key);
    const at = this.deps.clock.now().toISOString();
    const { next, changes } = advance(before, result, at, {
      attempts: check.attempts,
      notify: check.notify,
    });
    this.memory.set(key, next);
    this.dirty.add(key);
    if (changes.length === 0) return;
    this.flush();
    const status = this.statusOf(check, host, next);
    for (const change of changes) {
      const stored = this.deps.repo.appendEvent({
        at,
        checkId: check.id,
        check: check.name,
        host: host.name,
        from: change.from,
        to: change.to,
        hard: change.hard,
        value: result.value,
        output: result.output,
        kind: change.kind,
        notify: change.notify,
      });
      this.deps.bus.emit('checks.changed', { kind: 'status', status, change: stored });
    }
  }

  private statusOf(check: CheckDefinition, host: Host, m: CheckMemory | undefined): CheckStatus {
    const base = {
      checkId: check.id,
      check: check.name,
      host: host.name,
      series: check.series,
      attempts: check.attempts,
    };
    if (!m) {
      const at = check.createdAt;
      return {
        ...base,
        state: 'UNKNOWN',
        hard: false,
        attempt: 0,
        since: at,
        lastCheck: at,
        value: null,
        output: check.enabled ? 'PENDING - no result yet' : 'DISABLED - the check is off',
        flapping: false,
        stateChangePct: 0,
      };
    }
    return {
      ...base,
      state: m.state,
      hard: m.hard,
      attempt: m.attempt,
      since: m.since,
      lastCheck: m.lastCheck,
      value: m.value,
      output: m.output,
      flapping: m.flapping,
      stateChangePct: m.stateChangePct,
    };
  }
}
