import {
  OpsdeckError,
  type HaproxyCreatePoolParams,
  type HaproxyCreatePoolResult,
  type HaproxySettings,
  type HaproxyStatRow,
  type Host,
} from '../../contract';
import { installValidated, loadOrRollBack, requireReload, validateConfig } from './config-install';
import { generateListenPool } from './pool-section';
import type { PoolServer } from './pool';
import { readProxy, readStats, type ProxyShell } from './proxy-shell';
import { isCheckedDown, isCheckedUp, serverRow } from './stats-parse';

export interface CreatePoolDeps {
  hosts: { get(idOrName: string): Host };
  /** Timestamp for the copy of the previous config. */
  stamp: string;
  sleep(ms: number): Promise<void>;
  /** How long the stats may take to show the master UP after a passed check (default 20 s). */
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
 * config kept beside it), reloaded, and proven: the master UP in the new section in the stats after
 * a health check passed. A proxy with no admin socket (nothing could prove the pool) or no reload
 * command is refused before anything is written, also in a dry run. When the reload or the proof
 * fails the previous config is put back and reloaded, and the error says so.
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
  if (!settings.statsSocket)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `HAProxy on ${proxy.name} has no admin stats socket, so Opsdeck could not prove a new pool works.`,
      `Nothing was changed. Add "stats socket /run/haproxy/admin.sock mode 660 level admin" to the global section of ${settings.configPath} (or set the socket in ${proxy.name}'s profile), reload HAProxy, then retry.`,
    );
  requireReload(proxy, settings);
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
    warnings: params.checkUser ? [] : [tcpCheckWarning(proxy.name)],
  };
  if (params.dryRun) {
    await validateConfig(shell, proxy, settings, pool.text);
    return { ...base, installed: false };
  }
  const backupPath = await installValidated(shell, proxy, settings, pool.text, deps.stamp);
  const proof = await loadOrRollBack(shell, proxy, settings, backupPath, () =>
    proveUp(shell, proxy, settings, params.section, master, deps),
  );
  return { ...base, installed: true, backupPath, proof };
}

/**
 * Without a check user each server gets a bare TCP connect every second, which MySQL and MariaDB
 * count as a connection error from the proxy host until a login from it succeeds.
 */
export const tcpCheckWarning = (proxy: string) =>
  `No check user: HAProxy checks each server with a bare TCP connect every second, and MySQL/MariaDB count each one as a connection error from ${proxy}. Once max_connect_errors (default 100) is reached without a successful login from ${proxy} in between — a quiet pool, about 100 s — the server blocks ${proxy} ("Host … is blocked because of many connection errors") and the pool goes down. Give a check user (CREATE USER 'haproxy_check'@'<proxy address>': no password, no grants), or raise max_connect_errors on every member.`;

/** The master UP in the new section once a health check passed (a reload alone shows UP 1/2). */
async function proveUp(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  section: string,
  master: PoolServer,
  deps: CreatePoolDeps,
): Promise<HaproxyStatRow> {
  const until = Date.now() + (deps.proveTimeoutMs ?? 20_000);
  for (;;) {
    const row = serverRow(await readStats(shell, proxy, settings), section, master.name);
    if (row && isCheckedUp(row)) return row;
    if (Date.now() > until || (row && isCheckedDown(row)))
      throw new OpsdeckError(
        'TRAFFIC_PROBE_FAILED',
        `HAProxy on ${proxy.name} does not show ${master.name} UP in the new pool "${section}" (it shows "${row?.status ?? 'no such server'}"${row?.checkStatus ? `, check ${row.checkStatus}` : ''}).`,
        `Check that ${master.name} answers HAProxy's health check from ${proxy.name} (the check user must exist on it), then retry.`,
      );
    await deps.sleep(250);
  }
}
