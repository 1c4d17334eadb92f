import { OpsdeckError, type Host, type HaproxySettings, type HaproxyStatRow } from '../../contract';
import { parseHaproxyConfig } from './config-parse';
import { installValidated, loadOrRollBack } from './config-install';
import { generateWriterPool, type OldMasterPolicy, type PoolServer } from './pool';
import { readProxy, readStats, runtimeChange, type ProxyShell } from './proxy-shell';
import { setServerHealthCommand, setServerStateCommand, shutdownSessionsCommand } from './runtime';
import { isCheckedDown, isCheckedUp, isUp, serverRow } from './stats-parse';

export interface WriterMove {
  proxy: Host;
  section: string;
  from: PoolServer;
  to: PoolServer;
  /** What becomes of the old master's server line. */
  oldMaster: OldMasterPolicy;
  standbys: PoolServer[];
  note: string;
  /** How long the stats may take to show the new state (default 15 s). */
  proveTimeoutMs?: number;
  /** Timestamp for the backup copy of the config. */
  stamp: string;
  sleep(ms: number): Promise<void>;
  /** Called the moment writes go to the new master (runtime switch, or the reload). */
  onSwitched?(at: Date): void;
  /** Planning: the writes are only recorded, so there is nothing to prove. */
  dryRun?: boolean;
}

export interface WriterMoveResult {
  /** The writer was switched through the runtime API before the config was rewritten. */
  runtime: boolean;
  /** The config was rewritten, validated and reloaded. */
  reloaded: boolean;
  configPath: string;
  /** Copy of the previous config (`<config>.opsdeck-<stamp>`), to undo by hand or on rollback. */
  backupPath?: string;
  before: string[];
  after: string[];
  /** The new active server's stats row, read back as the proof. */
  proof: HaproxyStatRow;
}

/**
 * Moves the writers' pool on an HAProxy host from the old master to the new one, and proves it:
 *
 * 1. if the new master is already a server of the pool (a standby left by an earlier move), switch
 *    at once through the runtime API: new ready + health up, old maint, its sessions shut;
 * 2. rewrite the pool in the config (pool.ts), validate the new file with `haproxy -c` *before*
 *    anything is replaced (an invalid config is never installed nor reloaded), keep a copy of the
 *    old config, install the new one, reload with the profile's command;
 * 3. prove through `show stat` that the new master is UP in the pool and the old one takes no new
 *    sessions. If the proof fails, the old config is put back and reloaded (rollback) and the error
 *    says so.
 */
export async function moveWriters(shell: ProxyShell, move: WriterMove): Promise<WriterMoveResult> {
  const { proxy } = move;
  const { settings, config } = await readProxy(shell, proxy);
  const section = parseHaproxyConfig(config).find(
    (s) => (s.kind === 'backend' || s.kind === 'listen') && s.name === move.section,
  );
  if (!section)
    throw new OpsdeckError(
      'HAPROXY_CONFIG_INVALID',
      `HAProxy on ${proxy.name} has no backend or listen section "${move.section}" in ${settings.configPath}.`,
      'Fix the traffic settings of the cluster (the section that serves the writers).',
    );
  let runtime = false;
  if (settings.statsSocket && section.servers.some((s) => s.name === move.to.name)) {
    // The old one out first: never two writers in the pool, even for a moment.
    await runtimeChange(shell, proxy, settings, [
      ...(section.servers.some((s) => s.name === move.from.name)
        ? [
            setServerStateCommand(move.section, move.from.name, 'maint'),
            shutdownSessionsCommand(move.section, move.from.name),
          ]
        : []),
      setServerStateCommand(move.section, move.to.name, 'ready'),
      setServerHealthCommand(move.section, move.to.name, 'up'),
    ]);
    runtime = true;
    move.onSwitched?.(new Date());
  } else if (settings.statsSocket && section.servers.some((s) => s.name === move.from.name)) {
    // The old master stops taking sessions now; the reload below brings the new one in.
    await runtimeChange(shell, proxy, settings, [
      setServerStateCommand(move.section, move.from.name, 'maint'),
      shutdownSessionsCommand(move.section, move.from.name),
    ]);
  }
  const pool = generateWriterPool(config, {
    section: move.section,
    active: move.to,
    oldMaster: { ...move.from, policy: move.oldMaster },
    standbys: move.standbys,
    note: move.note,
  });
  const result = (proof: HaproxyStatRow, backupPath?: string): WriterMoveResult => ({
    runtime,
    reloaded: pool.changed,
    configPath: settings.configPath,
    ...(backupPath ? { backupPath } : {}),
    before: pool.before,
    after: pool.after,
    proof,
  });
  if (!pool.changed) return result(await prove(shell, proxy, settings, move));
  const backupPath = await installValidated(shell, proxy, settings, pool.text, move.stamp);
  const proof = await loadOrRollBack(shell, proxy, settings, backupPath, () => {
    if (!runtime) move.onSwitched?.(new Date());
    return prove(shell, proxy, settings, { ...move, reloaded: true });
  });
  return result(proof, backupPath);
}

async function prove(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  move: Omit<WriterMove, 'proxy' | 'stamp' | 'standbys' | 'note'> & {
    /** Right after a reload: the new server counts as UP only once a health check passed. */
    reloaded?: boolean;
  },
): Promise<HaproxyStatRow> {
  if (move.dryRun)
    return {
      proxy: move.section,
      name: move.to.name,
      type: 'server',
      status: 'UP (planned)',
      sessions: null,
      maxSessions: null,
      sessionLimit: null,
      totalSessions: null,
      queue: null,
      rate: null,
      errors: { request: null, connect: null, response: null },
      weight: null,
      active: null,
      backup: null,
      checkStatus: '',
      lastChange: null,
      downs: null,
      address: '',
    };
  const until = Date.now() + (move.proveTimeoutMs ?? 15_000);
  let last: HaproxyStatRow[] = [];
  for (;;) {
    if (settings.statsSocket) last = await readStats(shell, proxy, settings);
    const to = serverRow(last, move.section, move.to.name);
    const from = serverRow(last, move.section, move.from.name);
    const oldOut = !from || !isUp(from) || move.oldMaster === 'backup';
    const toUp = to && (move.reloaded ? isCheckedUp(to) : isUp(to));
    if (to && toUp && !/DRAIN|MAINT/.test(to.status) && oldOut) return to;
    if (!settings.statsSocket)
      throw new OpsdeckError(
        'TRAFFIC_PROBE_FAILED',
        `Cannot prove the move on ${proxy.name}: HAProxy has no admin stats socket.`,
        'Add "stats socket … level admin" to its config so moves can be verified.',
      );
    if (Date.now() > until || (move.reloaded && to && isCheckedDown(to)))
      throw new OpsdeckError(
        'TRAFFIC_PROBE_FAILED',
        `HAProxy on ${proxy.name} does not show ${move.to.name} UP in ${move.section} (it shows "${to?.status ?? 'no such server'}"${to?.checkStatus ? `, check ${to.checkStatus}` : ''}${from ? `, ${move.from.name} "${from.status}"` : ''}).`,
        `Check that ${move.to.name} answers HAProxy's health check, then resume.`,
      );
    await move.sleep(200);
  }
}

/**
 * Before a switchover: the servers that may become the master join the writers' pool as disabled
 * standbys (validated, reloaded, the active one proven still UP), so the move itself is a runtime
 * API switch, not a reload.
 */
export async function prepareStandbys(
  shell: ProxyShell,
  o: Omit<WriterMove, 'from' | 'oldMaster' | 'onSwitched'> & { active: PoolServer },
): Promise<{ changed: boolean; backupPath?: string; after: string[] }> {
  const { settings, config } = await readProxy(shell, o.proxy);
  const pool = generateWriterPool(config, {
    section: o.section,
    active: o.active,
    standbys: o.standbys,
    note: o.note,
  });
  if (!pool.changed) return { changed: false, after: pool.after };
  const backupPath = await installValidated(shell, o.proxy, settings, pool.text, o.stamp);
  await loadOrRollBack(shell, o.proxy, settings, backupPath, () =>
    prove(shell, o.proxy, settings, {
      ...o,
      from: o.active,
      to: o.active,
      oldMaster: 'backup',
      reloaded: true,
    }),
  );
  return { changed: true, backupPath, after: pool.after };
}
