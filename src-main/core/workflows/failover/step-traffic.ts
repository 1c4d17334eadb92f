import { OpsdeckError, type Host, type TrafficSettings } from '../../../contract';
import { sleep } from '../../common/wait';
import { moveWriters, prepareStandbys } from '../../haproxy/traffic';
import type { BaseContext, OutputOf, Step } from '../engine/definition';
import { endpointOf, membersOf, runHooks } from './io';
import { PREPARE, TRAFFIC, pinnedOf, timeline, type Pinned } from './outputs';
import { workflowEc2 } from '../../aws/workflow-ec2-loader';

type Ctx = BaseContext<unknown>;
type HaproxyTraffic = Extract<TrafficSettings, { kind: 'haproxy' }>;
type EipTraffic = Extract<TrafficSettings, { kind: 'elastic-ip' }>;
type Moved = Omit<OutputOf<typeof TRAFFIC>, 'timeline'>;
type Mark = (text: string, at?: Date) => void;

const server = (ctx: Ctx, name: string) => ({ name, ...endpointOf(ctx.host(name)) });
const stampNow = () => new Date().toISOString().replace(/[-:.]/g, ''); // ms: two runs never share a copy

/**
 * Switchover, before anything is fenced: the candidate (and the other members) join the writers'
 * pool as disabled standbys, validated and reloaded while the master keeps its writes — so the
 * move itself is a runtime API switch of a few milliseconds.
 */
export function prepareTrafficStep(): Step<unknown, OutputOf<typeof PREPARE>> {
  return {
    ...PREPARE,
    title: "Traffic: the candidate waits in the writers' pool as a disabled standby",
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const traffic = p.cluster.traffic;
      if (traffic.kind !== 'haproxy') {
        ctx.log(
          traffic.kind === 'none'
            ? 'No traffic layer: the hooks move the clients.'
            : 'Elastic IP: nothing to prepare.',
        );
        return { changed: false, after: [], timeline: t.entries };
      }
      const proxy = ctx.host(traffic.proxyHost);
      const r = await prepareStandbys(ctx.ssh, {
        proxy,
        section: traffic.section,
        active: server(ctx, p.master),
        to: server(ctx, p.candidate),
        standbys: membersOf(p)
          .filter((m) => m !== p.master)
          .map((m) => server(ctx, m)),
        note: `${p.master} active; standbys for the switchover to ${p.candidate} (run ${ctx.runId})`,
        stamp: stampNow(),
        sleep: (ms) => sleep(ms, ctx.signal),
        dryRun: ctx.dryRun,
      });
      if (r.changed && r.backupPath) {
        ctx.leftFile(proxy, r.backupPath, 'HAProxy config before the switchover');
        ctx.changed(`${proxy.name}: standbys added to ${traffic.section}`);
        t.mark(`${proxy.name}: ${traffic.section} prepared (${r.after.join('; ')})`);
      } else ctx.log(`${traffic.section} already has the standbys`);
      return { changed: r.changed, after: r.after, timeline: t.entries };
    },
  };
}

/**
 * Writes go to the new master: HAProxy's writers' pool (a runtime switch when prepared, then the
 * config rewritten, validated with haproxy -c, reloaded, proven by the stats; rolled back if the
 * proof fails), or the elastic IP moved (AssociateAddress with reassociation, proven by
 * DescribeAddresses, moved back if not).
 */
export function moveTrafficStep(): Step<unknown, OutputOf<typeof TRAFFIC>> {
  return {
    ...TRAFFIC,
    title: 'Move the writers to the new master (HAProxy pool or elastic IP), proven',
    async run(ctx) {
      const p = pinnedOf(ctx);
      const t = timeline(ctx);
      const traffic = p.cluster.traffic;
      const moved: Moved =
        traffic.kind === 'haproxy'
          ? await moveHaproxy(ctx, p, traffic, t.mark)
          : traffic.kind === 'elastic-ip'
            ? await moveEip(ctx, p, traffic, t.mark)
            : { kind: 'none', at: new Date().toISOString(), detail: 'moved by the hooks' };
      if (traffic.kind === 'none')
        t.mark('no traffic layer: the after-traffic hooks move the clients');
      await runHooks(ctx, p, 'after-traffic');
      return { ...moved, timeline: t.entries };
    },
  };
}

async function moveHaproxy(ctx: Ctx, p: Pinned, t: HaproxyTraffic, mark: Mark): Promise<Moved> {
  const proxy = ctx.host(t.proxyHost);
  let switched = new Date();
  const r = await moveWriters(ctx.ssh, {
    proxy,
    section: t.section,
    from: server(ctx, p.master),
    to: server(ctx, p.candidate),
    oldMaster: t.oldMaster,
    standbys: membersOf(p).map((m) => server(ctx, m)),
    note: `${p.candidate} active after the ${p.kind} from ${p.master} (run ${ctx.runId})`,
    stamp: stampNow(),
    sleep: (ms) => sleep(ms, ctx.signal),
    onSwitched: (at) => (switched = at),
    dryRun: ctx.dryRun,
  });
  if (r.backupPath) ctx.leftFile(proxy, r.backupPath, `HAProxy config before the ${p.kind}`);
  ctx.changed(`${proxy.name}: writers go to ${p.candidate}`);
  const detail = `${proxy.name}: writers → ${p.candidate}${r.runtime ? ' (runtime API, at once)' : ''}${r.reloaded ? '; config rewritten, validated, reloaded' : ''}; stats show ${p.candidate} ${r.proof.status}`;
  mark(detail, switched);
  return { kind: 'haproxy', at: switched.toISOString(), detail };
}

const instanceOf = (host: Host) => host.tags.find((x) => x.startsWith('ec2:'))?.slice(4);

async function moveEip(ctx: Ctx, p: Pinned, t: EipTraffic, mark: Mark): Promise<Moved> {
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
  const describe = () =>
    ctx.aws.read(target, `describe ${t.allocationId}`, async (s) =>
      (await workflowEc2()).listAddresses(s, [t.allocationId]),
    );
  const [before] = await describe();
  await ctx.aws.write(
    target,
    `move ${t.allocationId} to ${instance} (${candidate.name})`,
    async (a) => (await workflowEc2()).moveAddress(a, t.allocationId, instance),
  );
  if (ctx.dryRun) return { kind: 'elastic-ip', at: new Date().toISOString(), detail: 'planned' };
  const [after] = await describe();
  if (after?.instanceId !== instance) {
    if (before?.instanceId)
      await ctx.aws.write(
        target,
        `move ${t.allocationId} back to ${before.instanceId}`,
        async (a) => (await workflowEc2()).moveAddress(a, t.allocationId, before.instanceId),
      );
    throw new OpsdeckError(
      'TRAFFIC_PROBE_FAILED',
      `After the move, ${t.allocationId} is associated with ${after?.instanceId || 'nothing'}, not ${instance}.`,
      `It was moved back to ${before?.instanceId || 'where it was'}. Check the instance and the address in EC2, then resume.`,
    );
  }
  ctx.changed(`elastic IP ${after.publicIp} moved to ${instance} (${candidate.name})`);
  const detail = `elastic IP ${after.publicIp} moved from ${before?.instanceId || 'nothing'} to ${instance} (${candidate.name})`;
  mark(detail);
  return { kind: 'elastic-ip', at: new Date().toISOString(), detail };
}
