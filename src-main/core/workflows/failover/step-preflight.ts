import {
  OpsdeckError,
  type ClusterPlanView,
  type FailoverParams,
  type FailoverReport,
  type SwitchoverParams,
} from '../../../contract';
import { readProxy } from '../../haproxy/proxy-shell';
import type { OutputOf, Step, StepContext } from '../engine/definition';
import type { FailoverDeps } from './deps';
import { PREFLIGHT, pinnedOf, timeline, type Pinned } from './outputs';

type Params = SwitchoverParams | FailoverParams;
type Ctx = StepContext<Params>;

/**
 * Changes nothing: the master's health from every angle, the ranking, the checks that would stop
 * the run halfway (traffic layer reachable, replicas able to catch up, anti-flap, drill on a test
 * cluster, the typed cluster name), then pins the roles for every later step and resume.
 */
export function preflightStep(
  deps: FailoverDeps,
  kind: 'switchover' | 'failover',
): Step<Params, OutputOf<typeof PREFLIGHT>> {
  return {
    ...PREFLIGHT,
    title: 'Preflight: health from every angle, ranking, traffic layer (changes nothing)',
    async run(ctx) {
      const p = ctx.params;
      const view = await deps.view({ master: p.master, mode: kind, ...(p.to ? { to: p.to } : {}) });
      const { cluster, health, plan } = view;
      const automatic = kind === 'failover' && (p as FailoverParams).automatic;
      checkHealth(kind, view);
      if (!plan.chosen)
        throw new OpsdeckError(
          'FAILOVER_NO_CANDIDATE',
          `No replica of ${plan.master} can be promoted: ${plan.blockers.join(' ')}`,
          'Fix what the ranking says (or pick another replica with --to), then plan again.',
        );
      const stuck = plan.candidates.filter(
        (c) =>
          c.name !== plan.chosen &&
          c.reasons.some(
            (r) => r.kind === 'block' && /SQL thread|IO thread|unreachable/.test(r.text),
          ),
      );
      if (kind === 'switchover' && stuck.length)
        throw new OpsdeckError(
          'FAILOVER_REFUSED',
          `A switchover waits for every replica to catch up, and ${stuck.map((c) => `${c.name} cannot (${c.reasons.find((r) => r.kind === 'block')?.text})`).join('; ')}.`,
          `Fix ${stuck.map((c) => c.name).join(', ')} first, or remove it from the cluster's members.`,
        );
      for (const c of stuck)
        ctx.log(
          `${c.name} cannot be repointed cleanly: ${c.reasons.find((r) => r.kind === 'block')?.text}`,
          'warn',
        );
      if (p.drill && !isTestCluster(deps, view))
        throw new OpsdeckError(
          'FAILOVER_REFUSED',
          `${cluster.name} is not a test cluster: drills run only on the lab or on clusters marked as test clusters.`,
          `Mark ${cluster.name} as a test cluster in its settings, or run a real ${kind}.`,
        );
      if (automatic) checkAutomatic(deps, view);
      else if (kind === 'failover') warnAntiFlap(ctx, deps, view);
      await checkTraffic(ctx, view);
      const t = timeline(ctx);
      t.mark(`${plan.master}: ${health.verdict} — ${health.summary}`);
      t.mark(
        `promoting ${plan.chosen} (rank 1 of ${plan.candidates.length}${plan.catchUpFrom ? `, after fetching what it lacks from ${plan.catchUpFrom}` : ''}); loss: ${plan.loss.text}`,
      );
      const pinned: Pinned = {
        kind,
        cluster,
        master: plan.master,
        candidate: plan.chosen,
        replicas: plan.candidates.map((c) => c.name).filter((n) => n !== plan.chosen),
        ...(plan.catchUpFrom ? { catchUpFrom: plan.catchUpFrom } : {}),
        positioning: plan.positioning,
        plan,
        health,
        drill: p.drill,
        automatic,
        reportId: ctx.runId,
        startedAt: new Date().toISOString(),
        timeline: t.entries,
      };
      if (!ctx.dryRun) deps.reports.save(initialReport(pinned, ctx.runId));
      return pinned;
    },
  };
}

/**
 * The gate: a person types the cluster's name after reading what will happen (in any door; the
 * CLI's --yes and the monitor of an automatic cluster answer it in advance, logged as such).
 */
export function goAheadStep(kind: 'switchover' | 'failover'): Step<Params> {
  return {
    id: 'go-ahead',
    title: 'Go-ahead: the cluster name, typed',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const plan = p.plan;
      await ctx.confirm({
        title: `${kind === 'switchover' ? 'Switchover' : 'Failover'} of cluster ${p.cluster.name}: ${p.master} → ${p.candidate}`,
        message: [
          kind === 'switchover'
            ? `${p.master} stops taking writes for a moment (fenced), every replica catches up, ${p.candidate} becomes the master and the writers move to it.`
            : `${p.master} is dead: ${p.candidate} becomes the master and the writers move to it.`,
          plan ? `Loss: ${plan.loss.text}.` : '',
          p.replicas.length ? `${p.replicas.join(', ')} will replicate from ${p.candidate}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
        confirmLabel:
          kind === 'switchover' ? `Switch over to ${p.candidate}` : `Fail over to ${p.candidate}`,
        typed: p.cluster.name,
      });
    },
  };
}

function checkHealth(kind: 'switchover' | 'failover', view: ClusterPlanView): void {
  const { health } = view;
  if (kind === 'switchover' && health.verdict !== 'alive')
    throw new OpsdeckError(
      'FAILOVER_REFUSED',
      `A switchover needs a live master, and ${health.master} is ${health.verdict}: ${health.summary}.`,
      health.verdict === 'dead'
        ? `Run a failover of ${health.master} instead.`
        : `Find out why Opsdeck cannot use ${health.master} before moving its master.`,
    );
  if (kind === 'failover' && health.verdict !== 'dead')
    throw new OpsdeckError(
      'FAILOVER_REFUSED',
      health.verdict === 'alive'
        ? `${health.master} is alive: a failover is only for a dead master.`
        : `${health.master} is not judged dead (${health.verdict}): ${health.summary}.`,
      health.verdict === 'alive'
        ? `Use a switchover (fence, catch up, promote: nothing lost).`
        : health.verdict === 'partition'
          ? `Opsdeck alone lost ${health.master}; its replicas still replicate from it. Restore Opsdeck's path (network, SSH) — a failover now would split the cluster.`
          : `Check ${health.master} and its replicas; a failover needs MySQL, SSH and every replica to have lost it.`,
    );
}

/** Drills: the lab (every member tagged "lab") or a cluster marked as a test cluster. */
function isTestCluster(deps: FailoverDeps, view: ClusterPlanView): boolean {
  if (view.cluster.testCluster) return true;
  const members = new Set(view.topology.nodes.filter((n) => n.hostId).map((n) => n.hostId));
  const hosts = deps.hosts().filter((h) => members.has(h.id));
  return hosts.length > 0 && hosts.every((h) => h.tags.includes('lab'));
}

function checkAutomatic(deps: FailoverDeps, view: ClusterPlanView): void {
  const { cluster } = view;
  if (!cluster.automaticFailover)
    throw new OpsdeckError(
      'FAILOVER_REFUSED',
      `Automatic failover is off for ${cluster.name}.`,
      'A person can run the failover; or turn automatic failover on in the cluster settings.',
    );
  const since = new Date(deps.clock.now().getTime() - cluster.antiFlapMinutes * 60_000);
  const recent = deps.reports.failoversSince(cluster.name, since.toISOString());
  if (recent.length)
    throw new OpsdeckError(
      'FAILOVER_REFUSED',
      `${cluster.name} failed over at ${recent[0]?.startedAt} (${recent[0]?.oldMaster} → ${recent[0]?.newMaster ?? '?'}), inside its ${cluster.antiFlapMinutes}-minute anti-flap window: no second automatic failover without a person.`,
      'A person must look at the cluster and run the failover (GUI or opsdeck mysql failover).',
    );
}

function warnAntiFlap(ctx: Ctx, deps: FailoverDeps, view: ClusterPlanView): void {
  const { cluster } = view;
  const since = new Date(deps.clock.now().getTime() - cluster.antiFlapMinutes * 60_000);
  const recent = deps.reports.failoversSince(cluster.name, since.toISOString());
  if (recent.length)
    ctx.log(
      `${cluster.name} already failed over at ${recent[0]?.startedAt}; going on because a person started this one.`,
      'warn',
    );
}

/** The traffic layer must be usable before anything is fenced. */
async function checkTraffic(ctx: Ctx, view: ClusterPlanView): Promise<void> {
  const t = view.cluster.traffic;
  if (t.kind !== 'haproxy') return;
  const proxy = ctx.host(t.proxyHost);
  const { settings, config } = await readProxy(ctx.ssh, proxy);
  if (!settings.statsSocket)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `HAProxy on ${proxy.name} has no admin stats socket: Opsdeck could not move or prove the writers' traffic.`,
      `Add "stats socket /run/haproxy/admin.sock level admin" to ${settings.configPath} (and reload), or set it in ${proxy.name}'s profile. Nothing was changed.`,
    );
  if (!settings.reloadCommand)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `No reload command is known for HAProxy on ${proxy.name}.`,
      `Set it in ${proxy.name}'s profile (e.g. "systemctl reload haproxy"). Nothing was changed.`,
    );
  if (
    !new RegExp(
      `^(backend|listen)\\s+${t.section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
      'm',
    ).test(config)
  )
    throw new OpsdeckError(
      'HAPROXY_CONFIG_INVALID',
      `HAProxy on ${proxy.name} has no backend or listen section "${t.section}" in ${settings.configPath}.`,
      'Fix the cluster’s traffic settings. Nothing was changed.',
    );
}

function initialReport(p: Pinned, runId: string): FailoverReport {
  return {
    id: p.reportId,
    cluster: p.cluster.name,
    kind: p.kind,
    drill: p.drill,
    automatic: p.automatic,
    runId,
    oldMaster: p.master,
    newMaster: p.candidate,
    status: 'running',
    startedAt: p.startedAt,
    phases: [],
    timeline: [],
    writeUnavailableSeconds: null,
    ...(p.plan ? { loss: p.plan.loss } : {}),
    ranking: (p.plan?.candidates ?? []).map((c) => ({
      name: c.name,
      rank: c.rank,
      eligible: c.eligible,
    })),
  };
}
