import { OpsdeckError, type CronPlan, type Host, type Schedule } from '../../../contract';
import type { Clock } from '../../clock';
import type { MysqlExecutor } from '../../mysql/executor';
import type { AuditRepo } from '../../store/audit-repo';
import { asRoot } from '../../workflows/prepare-disks/remote';
import { stamp } from '../../workflows/backup-run/naming';
import { serverInfo } from '../server-info';
import { pickCompression } from '../tools/compression';
import { cronScript, installCommands, removeCommands } from './cron-script';

export interface SshExec {
  exec(
    host: Host,
    command: string,
    o?: { timeoutMs?: number; stdin?: string },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export interface CronDeps {
  clock: Clock;
  audit: AuditRepo;
  host(idOrName: string): Host;
  ssh(): Promise<SshExec>;
  mysql(): Promise<MysqlExecutor>;
}

/**
 * A schedule as a cron entry on its host: the script and line shown first (`plan`), installed
 * with a copy of root's crontab kept, removed by its tag — each change audited.
 */
export class CronInstaller {
  constructor(private readonly deps: CronDeps) {}

  async plan(s: Schedule): Promise<CronPlan> {
    const host = this.deps.host(s.hostName);
    const [ssh, mysql] = await Promise.all([this.deps.ssh(), this.deps.mysql()]);
    const info = await serverInfo(
      {
        mysql: { read: async (h, sql) => (await mysql.query(h, sql)).rows },
        ssh: {
          read: async (h, cmd) => ({
            ...(await ssh.exec(h, cmd, { timeoutMs: 30_000 })),
            durationMs: 0,
          }),
        },
      },
      host,
    );
    return cronScript(s, {
      dialect: info.dialect,
      databases: info.userDatabases,
      binlog: info.binlog,
      compression: pickCompression('auto', info.programs, host.name),
    });
  }

  async install(s: Schedule, door: string): Promise<CronPlan> {
    const plan = await this.plan(s);
    const script = installCommands(plan, s.id, stamp(this.deps.clock.now()));
    await this.rootScript(s, script, 'install the cron entry', door);
    return plan;
  }

  async remove(s: Schedule, door: string): Promise<void> {
    const plan = await this.plan(s);
    const script = removeCommands(plan, s.id, stamp(this.deps.clock.now()));
    await this.rootScript(s, script, 'remove the cron entry', door);
  }

  private async rootScript(s: Schedule, script: string, what: string, door: string) {
    const host = this.deps.host(s.hostName);
    const ssh = await this.deps.ssh();
    const r = await ssh.exec(host, asRoot(host, 'bash -s'), { stdin: script, timeoutMs: 60_000 });
    const ok = r.code === 0;
    this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      door,
      target: host.name,
      action: `backups.schedules: ${what}`,
      detail: `${s.name}: ${what}${ok ? '' : ` → exit ${r.code}`}`,
      outcome: ok ? 'ok' : 'failed',
    });
    if (!ok)
      throw new OpsdeckError(
        'SSH_COMMAND_FAILED',
        `Could not ${what} on ${host.name}: ${r.stderr.trim() || `exit ${r.code}`}.`,
        `Check root's crontab on ${host.name} (a copy was saved under /var/backups before the change).`,
      );
  }
}
