import type { Command } from 'commander';
import {
  OpsdeckError,
  type ClusterInfo,
  type ClusterSettingsIn,
  type HookPhase,
  type TrafficSettings,
} from '../../contract';
import type { RunCommand } from '../run-command';

interface ClusterOptions {
  name?: string;
  members?: string;
  haproxy?: string;
  oldMaster?: 'remove' | 'backup' | 'disabled';
  eip?: string;
  noTraffic?: boolean;
  automatic?: string;
  antiFlap?: number;
  heartbeat?: string;
  testCluster?: string;
  prefer: string[];
  never: string[];
  neutral: string[];
  hook: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];
const onOff = (v: string | undefined, what: string): boolean | undefined => {
  if (v === undefined) return undefined;
  if (/^(on|yes|true|1)$/i.test(v)) return true;
  if (/^(off|no|false|0)$/i.test(v)) return false;
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `${what} must be on or off, not "${v}".`,
    `--${what} on|off`,
  );
};

/** The settings after the options: what was given changes, the rest stays. */
export function applyClusterOptions(c: ClusterInfo, o: ClusterOptions): ClusterSettingsIn {
  const traffic = trafficOf(c.traffic, o);
  const promotion = { ...c.promotion };
  for (const h of o.prefer) promotion[h] = 'prefer';
  for (const h of o.never) promotion[h] = 'never';
  for (const h of o.neutral) delete promotion[h];
  const automatic = onOff(o.automatic, 'automatic');
  const heartbeat = onOff(o.heartbeat, 'heartbeat');
  const test = onOff(o.testCluster, 'test-cluster');
  return {
    name: o.name ?? c.name,
    members: o.members
      ? o.members
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean)
      : c.members,
    heartbeat: { ...c.heartbeat, ...(heartbeat !== undefined ? { enabled: heartbeat } : {}) },
    automaticFailover: automatic ?? c.automaticFailover,
    antiFlapMinutes: o.antiFlap ?? c.antiFlapMinutes,
    testCluster: test ?? c.testCluster,
    promotion,
    traffic,
    hooks: [...c.hooks, ...o.hook.map(hookOf)],
    replication: c.replication,
  };
}

function trafficOf(current: TrafficSettings, o: ClusterOptions): TrafficSettings {
  if (o.noTraffic) return { kind: 'none' };
  if (o.haproxy) {
    const [proxyHost, section] = o.haproxy.split('/');
    if (!proxyHost || !section)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `--haproxy takes <host>/<backend>, not "${o.haproxy}".`,
        'Example: --haproxy proxy1/writer',
      );
    return { kind: 'haproxy', proxyHost, section, oldMaster: o.oldMaster ?? 'disabled' };
  }
  if (o.eip) {
    const [account, region, allocationId] = o.eip.split(':');
    if (!account || !allocationId)
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `--eip takes <account>:<region>:<allocation-id>, not "${o.eip}".`,
        'Example: --eip prod:eu-west-1:eipalloc-0abc',
      );
    return { kind: 'elastic-ip', account, allocationId, ...(region ? { region } : {}) };
  }
  if (o.oldMaster && current.kind === 'haproxy') return { ...current, oldMaster: o.oldMaster };
  return current;
}

function hookOf(spec: string) {
  const [phase, host, ...rest] = spec.split(':');
  const command = rest.join(':');
  if (!phase || !host || !command)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `--hook takes <phase>:<host>:<command>, not "${spec}".`,
      'Example: --hook after-traffic:app1:"systemctl reload app"',
    );
  return { phase: phase as HookPhase, host, command, required: false };
}

export function renderCluster(c: ClusterInfo): string {
  const t = c.traffic;
  const rows: [string, string][] = [
    ['cluster', `${c.name}${c.saved ? '' : ' (not saved: the defaults for this topology)'}`],
    ['members', c.members.join(', ') || '-'],
    [
      'traffic',
      t.kind === 'haproxy'
        ? `HAProxy on ${t.proxyHost}, section ${t.section}, old master ${t.oldMaster}`
        : t.kind === 'elastic-ip'
          ? `elastic IP ${t.allocationId} (${t.account}${t.region ? `/${t.region}` : ''})`
          : 'none (hooks only)',
    ],
    ['automatic failover', c.automaticFailover ? `on (anti-flap ${c.antiFlapMinutes} min)` : 'off'],
    [
      'heartbeat',
      c.heartbeat.enabled
        ? `on, ${c.heartbeat.schema}.heartbeat every ${c.heartbeat.intervalMs} ms`
        : 'off',
    ],
    ['test cluster', c.testCluster ? 'yes (drills allowed)' : 'no'],
    [
      'promotion',
      Object.entries(c.promotion)
        .map(([h, r]) => `${h}: ${r}`)
        .join(', ') || 'by ranking',
    ],
    ['hooks', c.hooks.map((h) => `${h.phase} on ${h.host}: ${h.command}`).join('; ') || '-'],
    [
      'replication account',
      `${c.replication.user}${c.replication.secretRef ? ' (password in the vault)' : ' (made by the first run)'}`,
    ],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** `opsdeck mysql cluster <host> [settings…]`: show, or change and save, a cluster's settings. */
export function registerCluster(mysql: Command, run: RunCommand): void {
  mysql
    .command('cluster <host>')
    .description(
      "Show the failover settings of a host's cluster; with options, change and save them",
    )
    .option('--name <name>', 'the cluster’s name (typed to confirm a switchover or failover)')
    .option('--members <list>', 'its servers, comma-separated')
    .option('--haproxy <host/backend>', 'HAProxy on <host> carries the writers in <backend>')
    .option('--old-master <policy>', 'in that backend after a move: disabled | remove | backup')
    .option('--eip <account:region:allocation>', 'an EC2 elastic IP follows the master')
    .option('--no-traffic', 'Opsdeck moves no traffic (hooks only)')
    .option('--automatic <on|off>', 'automatic failover when the master is judged dead')
    .option('--anti-flap <minutes>', 'no second automatic failover inside this window', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--heartbeat <on|off>', 'Opsdeck writes a heartbeat row on the master')
    .option('--test-cluster <on|off>', 'drills are allowed')
    .option('--prefer <host>', 'promote this one when the data is equal (repeatable)', collect, [])
    .option('--never <host>', 'never promote this one (repeatable)', collect, [])
    .option('--neutral <host>', 'rank this one by the data only (repeatable)', collect, [])
    .option('--hook <phase:host:command>', 'a command run between phases (repeatable)', collect, [])
    .action((host: string, o: ClusterOptions & { traffic?: boolean }) =>
      run(async ({ call, out }) => {
        const opts = { ...o, noTraffic: o.traffic === false };
        const current = await call('mysql.cluster', { host });
        const changing =
          Object.entries(opts).some(
            ([k, v]) =>
              !['prefer', 'never', 'neutral', 'hook', 'traffic', 'noTraffic'].includes(k) &&
              v !== undefined,
          ) ||
          opts.noTraffic ||
          [opts.prefer, opts.never, opts.neutral, opts.hook].some((l) => l.length > 0);
        const shown = changing
          ? await call('mysql.saveCluster', applyClusterOptions(current, opts))
          : current;
        out.result(shown, () => renderCluster(shown));
      }),
    );
}
