import { OpsdeckError, type Host, type TrafficSettings } from '../../../contract';
import { moveAddress } from '../../aws/actions/addresses';
import { listAddresses } from '../../aws/resources/addresses';
import { moveWriters, prepareStandbys } from '../../haproxy/traffic';
import type { Step, StepContext } from '../engine/definition';
import { sleep } from '../replication-setup/io';
import { endpointOf, membersOf, runHooks } from './io';
import { mark, pinnedOf, stamp, type Pinned } from './state';

type Ctx = StepContext<unknown>;
type HaproxyTraffic = Extract<TrafficSettings, { kind: 'haproxy' }>;
type EipTraffic = Extract<TrafficSettings, { kind: 'elastic-ip' }>;

const server = (ctx: Ctx, name: string) => ({ name, ...endpointOf(ctx.host(name)) });
const timestamp = (d = new Date()) => d.toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');

/**
 * Switchover, before anything is fenced: the candidate (and the other members) join the writers'
 * pool as disabled standbys, validated and reloaded while the master keeps its writes — so the
 * move itself is a runtime API switch of a few milliseconds.
 */
export function prepareTrafficStep(): Step<unknown> {
  return {
    id: 'prepare-traffic',
    title: "Traffic: the candidate waits in the writers' pool as a disabled standby",
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = p.cluster.traffic;
      if (t.kind !== 'haproxy') {
        ctx.log(
          t.kind === 'none'
            ? 'No traffic layer: hooks move the traffic.'
            : 'Elastic IP: nothing to prepare.',
        );
        return;
      }
      const r = await prepareStandbys(ctx.ssh, {
        proxy: ctx.host(t.proxyHost),
        section: t.section,
        active: server(ctx, p.master),
        to: server(ctx, p.candidate),
        standbys: membersOf(p)
          .filter((m) => m !== p.master)
          .map((m) => server(ctx, m)),
        note: `${p.master} active; standbys for the switchover to ${p.candidate} (run ${ctx.runId})`,
        stamp: timestamp(),
        sleep: (ms) => sleep(ms, ctx.signal),
        dryRun: ctx.dryRun,
      });
      if (r.changed) {
        if (r.backupPath)
          leaveFile(ctx, {
            host: t.proxyHost,
            path: r.backupPath,
            what: 'HAProxy config before the switchover',
          });
        mark(ctx, `${t.proxyHost}: ${t.section} prepared (${r.after.join('; ')})`);
      } else ctx.log(`${t.section} already has the standbys`);
    },
  };
}

/**
 * Writes go to the new master: HAProxy's writers' pool (runtime switch when prepared, then the
 * config rewritten, validated with haproxy -c, reloaded, proven by the stats; rolled back if the
 * proof fails), or the elastic IP moved (AssociateAddress with reassociation, proven by
 * DescribeAddresses, moved back if not).
 */
export function moveTrafficStep(): Step<unknown> {
  return {
    id: 'move-traffic',
    title: 'Move the writers to the new master (HAProxy pool or elastic IP), proven',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = p.cluster.traffic;
      if (t.kind === 'haproxy') await moveHaproxy(ctx, p, t);
      else if (t.kind === 'elastic-ip') await moveEip(ctx, p, t);
      else {
        stamp(ctx, 'traffic');
        mark(ctx, 'no traffic layer: the after-traffic hooks move the clients');
      }
      await runHooks(ctx, p, 'after-traffic');
    },
  };
}

async function moveHaproxy(ctx: Ctx, p: Pinned, t: HaproxyTraffic): Promise<void> {
  const r = await moveWriters(ctx.ssh, {
    proxy: ctx.host(t.proxyHost),
    section: t.section,
    from: server(ctx, p.master),
    to: server(ctx, p.candidate),
    oldMaster: t.oldMaster,
    standbys: membersOf(p).map((m) => server(ctx, m)),
    note: `${p.candidate} active after the ${p.kind} from ${p.master} (run ${ctx.runId})`,
    stamp: timestamp(),
    sleep: (ms) => sleep(ms, ctx.signal),
    onSwitched: (at) => stamp(ctx, 'traffic', at),
    dryRun: ctx.dryRun,
  });
  if (r.backupPath)
    leaveFile(ctx, {
      host: t.proxyHost,
      path: r.backupPath,
      what: `HAProxy config before the ${p.kind}`,
    });
  ctx.output.traffic = {
    kind: 'haproxy',
    runtime: r.runtime,
    reloaded: r.reloaded,
    before: r.before,
    after: r.after,
    proof: r.proof.status,
  };
  mark(
    ctx,
    `${t.proxyHost}: writers → ${p.candidate}${r.runtime ? ' (runtime API, at once)' : ''}${r.reloaded ? `; config rewritten, validated, reloaded` : ''}; stats show ${p.candidate} ${r.proof.status}`,
  );
}

const instanceOf = (host: Host) => host.tags.find((x) => x.startsWith('ec2:'))?.slice(4);

async function moveEip(ctx: Ctx, p: Pinned, t: EipTraffic): Promise<void> {
  const candidate = ctx.host(p.candidate);
  const instance = instanceOf(candidate);
  if (!instance)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `${candidate.name} has no ec2:<instance-id> tag: Opsdeck cannot move the elastic IP to it.`,
      `Import ${candidate.name} from EC2 (or tag it ec2:<instance-id>), then resume.`,
    );
  const target = {
    account: t.account,
    region: t.region ?? candidate.tags.find((x) => x.startsWith('region:'))?.slice(7),
  };
  const [before] = await ctx.aws.read(target, `describe ${t.allocationId}`, (s) =>
    listAddresses(s, [t.allocationId]),
  );
  await ctx.aws.write(target, `move ${t.allocationId} to ${instance} (${candidate.name})`, (a) =>
    moveAddress(a, t.allocationId, instance),
  );
  if (ctx.dryRun) return;
  const [after] = await ctx.aws.read(target, `describe ${t.allocationId}`, (s) =>
    listAddresses(s, [t.allocationId]),
  );
  if (after?.instanceId !== instance) {
    if (before?.instanceId)
      await ctx.aws.write(target, `move ${t.allocationId} back to ${before.instanceId}`, (a) =>
        moveAddress(a, t.allocationId, before.instanceId),
      );
    throw new OpsdeckError(
      'TRAFFIC_PROBE_FAILED',
      `After the move, ${t.allocationId} is associated with ${after?.instanceId || 'nothing'}, not ${instance}.`,
      `It was moved back to ${before?.instanceId || 'where it was'}. Check the instance and the address in EC2, then resume.`,
    );
  }
  stamp(ctx, 'traffic');
  ctx.output.traffic = {
    kind: 'elastic-ip',
    publicIp: after.publicIp,
    from: before?.instanceId ?? '',
    to: instance,
  };
  mark(
    ctx,
    `elastic IP ${after.publicIp} moved from ${before?.instanceId || 'nothing'} to ${instance} (${candidate.name})`,
  );
}

/** Files a run leaves on hosts, listed in `output.leftFiles` as the replication setup does. */
interface LeftFile {
  host: string;
  path: string;
  what: string;
}
function leaveFile(ctx: Ctx, file: LeftFile): void {
  const list = (ctx.output.leftFiles as LeftFile[] | undefined) ?? [];
  if (!list.some((f) => f.host === file.host && f.path === file.path)) list.push(file);
  ctx.output.leftFiles = list;
}
