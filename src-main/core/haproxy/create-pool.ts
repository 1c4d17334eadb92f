import {
  OpsdeckError,
  type HaproxyCreatePoolParams,
  type HaproxyCreatePoolResult,
  type HaproxyStatRow,
  type Host,
} from '../../contract';
import { installValidated, reload, rollback, validateConfig } from './config-install';
import { generateListenPool } from './pool-section';
import type { PoolServer } from './pool';
import { readProxy, readStats, type ProxyShell } from './proxy-shell';
import { isUp, serverRow } from './stats-parse';

export interface CreatePoolDeps {
  hosts: { get(idOrName: string): Host };
  /** Timestamp for the copy of the previous config. */
  stamp: string;
  sleep(ms: number): Promise<void>;
  /** How long the stats may take to show the master UP (default 20 s). */
  proveTimeoutMs?: number;
}

/** A MySQL host as a server of the pool: its name, and where its MySQL listens. */
const poolServer = (host: Host): PoolServer => ({
  name: host.name,
  address: host.mysql?.address ?? host.address,
  port: host.mysql?.port ?? 3306,
});

/**
 * A writers' pool on a proxy without one: the `listen` section generated (pool-section.ts), the
 * whole new config validated with `haproxy -c`, then — unless a dry run — installed (the previous
 * config kept beside it), reloaded, and proven: the master UP in the new section in the stats.
 * When the proof fails the previous config is put back and reloaded, and the error says so.
 */
export async function createWriterPool(
  shell: ProxyShell,
  deps: CreatePoolDeps,
  params: HaproxyCreatePoolParams,
): Promise<HaproxyCreatePoolResult> {
  const proxy = deps.hosts.get(params.host);
  const master = poolServer(deps.hosts.get(params.master));
  const others = params.others.map((o) => poolServer(deps.hosts.get(o)));
  if (!params.dryRun && params.confirm !== params.section)
    throw new OpsdeckError(
      'CONFIRMATION_REQUIRED',
      `Adding the writers' pool "${params.section}" to HAProxy on ${proxy.name} reloads it.`,
      `Type "${params.section}" to confirm (plan it first with a dry run).`,
    );
  const { settings, config } = await readProxy(shell, proxy);
  const pool = generateListenPool(config, {
    section: params.section,
    bind: params.bind,
    active: master,
    others,
    othersAs: params.othersAs,
    ...(params.checkUser ? { checkUser: params.checkUser } : {}),
    note: `${master.name} (pool made by Opsdeck)`,
  });
  const sectionText = pool.text.slice(pool.text.lastIndexOf(`listen ${params.section}`));
  const base = {
    host: proxy.name,
    section: params.section,
    configPath: settings.configPath,
    sectionText,
    validated: true,
  };
  if (params.dryRun) {
    await validateConfig(shell, proxy, settings, pool.text);
    return { ...base, installed: false };
  }
  const backupPath = await installValidated(shell, proxy, settings, pool.text, deps.stamp);
  await reload(shell, proxy, settings);
  try {
    const proof = await proveUp(shell, proxy, settings, params.section, master, deps);
    return { ...base, installed: true, backupPath, proof };
  } catch (err) {
    await rollback(shell, proxy, settings, backupPath);
    throw err;
  }
}

async function proveUp(
  shell: ProxyShell,
  proxy: Host,
  settings: Awaited<ReturnType<typeof readProxy>>['settings'],
  section: string,
  master: PoolServer,
  deps: CreatePoolDeps,
): Promise<HaproxyStatRow> {
  if (!settings.statsSocket)
    throw new OpsdeckError(
      'TRAFFIC_PROBE_FAILED',
      `Cannot prove the new pool on ${proxy.name}: HAProxy has no admin stats socket.`,
      'The previous config was put back. Add "stats socket … level admin" to its config, then retry.',
    );
  const until = Date.now() + (deps.proveTimeoutMs ?? 20_000);
  for (;;) {
    const row = serverRow(await readStats(shell, proxy, settings), section, master.name);
    if (row && isUp(row)) return row;
    if (Date.now() > until)
      throw new OpsdeckError(
        'TRAFFIC_PROBE_FAILED',
        `HAProxy on ${proxy.name} does not show ${master.name} UP in the new pool "${section}" (it shows "${row?.status ?? 'no such server'}").`,
        `The previous config was put back. Check that ${master.name} answers HAProxy's health check (the check user must exist on it), then retry.`,
      );
    await deps.sleep(250);
  }
}
