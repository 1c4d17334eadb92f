import type {
  ClusterInfo,
  ClusterSettingsIn,
  Hook,
  HookPhase,
  PromotionRule,
} from '../../../src-main/contract';

/** The cluster settings dialog's fields, as strings and booleans the inputs hold. */
export interface ClusterForm {
  name: string;
  members: string[];
  heartbeat: boolean;
  heartbeatSchema: string;
  heartbeatMs: string;
  automatic: boolean;
  antiFlapMinutes: string;
  testCluster: boolean;
  promotion: Record<string, PromotionRule>;
  traffic: 'none' | 'haproxy' | 'elastic-ip';
  proxyHost: string;
  section: string;
  oldMaster: 'remove' | 'backup' | 'disabled';
  account: string;
  region: string;
  allocationId: string;
  hooks: Array<{ phase: HookPhase; host: string; command: string; required: boolean }>;
  replicationUser: string;
}

export function formOf(c: ClusterInfo): ClusterForm {
  const t = c.traffic;
  return {
    name: c.name,
    members: [...c.members],
    heartbeat: c.heartbeat.enabled,
    heartbeatSchema: c.heartbeat.schema,
    heartbeatMs: String(c.heartbeat.intervalMs),
    automatic: c.automaticFailover,
    antiFlapMinutes: String(c.antiFlapMinutes),
    testCluster: c.testCluster,
    promotion: { ...c.promotion },
    traffic: t.kind,
    proxyHost: t.kind === 'haproxy' ? t.proxyHost : '',
    section: t.kind === 'haproxy' ? t.section : '',
    oldMaster: t.kind === 'haproxy' ? t.oldMaster : 'disabled',
    account: t.kind === 'elastic-ip' ? t.account : '',
    region: t.kind === 'elastic-ip' ? (t.region ?? '') : '',
    allocationId: t.kind === 'elastic-ip' ? t.allocationId : '',
    hooks: c.hooks.map((h: Hook) => ({ ...h })),
    replicationUser: c.replication.user,
  };
}

/** Field errors, keyed by field; empty when the form can be saved. */
export function checkClusterForm(f: ClusterForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(f.name))
    e.name = 'Letters, digits, dot, dash or underscore';
  if (!f.members.length) e.members = 'Pick the servers of the cluster';
  const ms = Number(f.heartbeatMs);
  if (f.heartbeat && !(Number.isInteger(ms) && ms >= 100 && ms <= 10_000))
    e.heartbeatMs = '100 to 10000 ms';
  if (f.heartbeat && !/^[A-Za-z0-9_]{1,64}$/.test(f.heartbeatSchema))
    e.heartbeatSchema = 'A database name';
  const flap = Number(f.antiFlapMinutes);
  if (!(Number.isInteger(flap) && flap >= 0 && flap <= 10_080))
    e.antiFlapMinutes = '0 to 10080 minutes';
  if (f.traffic === 'haproxy') {
    if (!f.proxyHost) e.proxyHost = 'The host that runs HAProxy';
    if (!f.section.trim()) e.section = 'The backend (or listen section) of the writers';
  }
  if (f.traffic === 'elastic-ip') {
    if (!f.account.trim()) e.account = 'An AWS account of Opsdeck';
    if (!/^eipalloc-[0-9a-f]+$/.test(f.allocationId.trim())) e.allocationId = 'eipalloc-…';
  }
  f.hooks.forEach((h, i) => {
    if (!h.host || !h.command.trim()) e[`hook${i}`] = 'Host and command';
  });
  if (!/^[A-Za-z0-9_]{1,32}$/.test(f.replicationUser))
    e.replicationUser = 'Up to 32 letters, digits, _';
  return e;
}

/** The saveCluster params for a valid form. */
export function settingsOf(f: ClusterForm): ClusterSettingsIn {
  const promotion = Object.fromEntries(
    Object.entries(f.promotion).filter(([m, r]) => f.members.includes(m) && r !== 'neutral'),
  );
  return {
    name: f.name.trim(),
    members: f.members,
    heartbeat: {
      enabled: f.heartbeat,
      schema: f.heartbeatSchema,
      intervalMs: Number(f.heartbeatMs),
    },
    automaticFailover: f.automatic,
    antiFlapMinutes: Number(f.antiFlapMinutes),
    testCluster: f.testCluster,
    promotion,
    traffic:
      f.traffic === 'haproxy'
        ? {
            kind: 'haproxy',
            proxyHost: f.proxyHost,
            section: f.section.trim(),
            oldMaster: f.oldMaster,
          }
        : f.traffic === 'elastic-ip'
          ? {
              kind: 'elastic-ip',
              account: f.account.trim(),
              allocationId: f.allocationId.trim(),
              ...(f.region.trim() ? { region: f.region.trim() } : {}),
            }
          : { kind: 'none' },
    hooks: f.hooks.map((h) => ({ ...h, command: h.command.trim() })),
    replication: { user: f.replicationUser },
  };
}
