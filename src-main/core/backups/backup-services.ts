import type { AreaBase } from '../area-base';
import type { AwsService } from '../aws/ec2-service';
import type { MysqlExecutor } from '../mysql/executor';
import type { SshPool } from '../ssh/ssh-pool';
import type { WorkflowRunner } from '../workflows/engine/runner';
import { BackupsRepo } from '../store/backups-repo';
import { SchedulesRepo } from '../store/schedules-repo';
import { BackupCatalog } from './catalog';
import { ScheduleService } from './schedules/schedule-service';

/** The other areas the backup services reach, each loaded only when first needed. */
export interface BackupAreas {
  ssh(): Promise<SshPool>;
  aws(): Promise<AwsService>;
  mysql(): Promise<MysqlExecutor>;
  workflows(): Promise<WorkflowRunner>;
}

/**
 * The backups area: the catalog and the schedules. Listing either reads the store only; a
 * destination (SSH backup host, S3) loads SSH or EC2 when a file is first read or written, and
 * a schedule loads the workflows when it runs. A backup left `running` by a core that stopped
 * is failed here — never shown as good (the lease means no other core can be running it).
 */
export async function createBackupServices(
  base: Pick<AreaBase, 'db' | 'bus' | 'clock' | 'audit' | 'hosts'>,
  areas: BackupAreas,
): Promise<{ backups: BackupCatalog; schedules: ScheduleService }> {
  const host = (idOrName: string) => base.hosts.get(idOrName);
  const backups = new BackupCatalog({
    repo: new BackupsRepo(base.db),
    bus: base.bus,
    clock: base.clock,
    stores: {
      host,
      ssh: async () => {
        const ssh = await areas.ssh();
        return {
          acquire: (h, signal) => ssh.acquire(h, signal),
          exec: (h, cmd, o) => ssh.exec(h, cmd, o ?? {}),
        };
      },
      s3: async (account) => (await areas.aws()).credentials(account),
    },
  });
  backups.failInterrupted();
  const schedules = new ScheduleService({
    repo: new SchedulesRepo(base.db),
    bus: base.bus,
    clock: base.clock,
    audit: base.audit,
    host,
    catalog: backups,
    runner: areas.workflows,
    ssh: areas.ssh,
    mysql: areas.mysql,
  });
  return { backups, schedules };
}
