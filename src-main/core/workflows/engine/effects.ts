import type { Host } from '../../../contract';
import { OpsdeckError } from '../../../contract';
import { createAwsEffects, type AwsEffectsDeps } from '../../aws/workflow-effects';
import type { Clock } from '../../clock';
import type { MysqlExecutor } from '../../mysql/executor';
import type { StreamDeps } from '../../ssh/stream';
import type { AuditRepo } from '../../store/audit-repo';
import type { SshEffects } from './context';
import { createMysqlEffects, type MysqlEffects } from './mysql-effects';
import type { RunScope, Where } from './scope';
import type { RemotePipe } from '../../ssh/pipe';
import type { RemoteExecutor } from './effects-deps';
import { createSshEffects } from './ssh-effects';
import type { AwsEffects } from '../../aws/workflow-effects';

/** What effects need from the core: executors and the audit trail. */
export interface EffectDeps {
  executor: RemoteExecutor;
  pipe?: RemotePipe | undefined;
  /** Streams between a host and Opsdeck (backups, restores). */
  streams?: StreamDeps | undefined;
  mysql?: MysqlExecutor | undefined;
  aws?: AwsEffectsDeps['aws'] | undefined;
  audit: AuditRepo;
  clock: Clock;
  host(idOrName: string): Host;
}

/**
 * ssh, mysql and aws for one context: planned while planning; logged, audited (with the run id
 * and door) and bound to `signal` in a run (DESIGN rule 4).
 */
export function createEffects(
  deps: EffectDeps,
  scope: RunScope,
  where: Where,
  signal: AbortSignal,
): { ssh: SshEffects; mysql: MysqlEffects; aws: AwsEffects } {
  const plan = scope.sink.actions(where);
  const door = scope.dryRun ? 'plan' : scope.door;
  const log = (level: 'cmd' | 'out' | 'warn', text: string) => scope.sink.log(where, level, text);
  const audit = (target: string, action: string, detail: string, outcome: 'ok' | 'failed') =>
    deps.audit.append({
      at: deps.clock.now().toISOString(),
      door,
      target,
      action: `${scope.def.id}: ${action}`,
      detail: scope.redactor.text(detail),
      outcome,
      runId: scope.runId,
    });
  const common = { redactor: scope.redactor, signal, log, audit, ...(plan ? { plan } : {}) };
  return {
    ssh: createSshEffects({
      executor: deps.executor,
      ...(deps.pipe ? { pipe: deps.pipe } : {}),
      ...(deps.streams ? { streams: deps.streams } : {}),
      ...common,
    }),
    mysql: createMysqlEffects({ ...(deps.mysql ? { executor: deps.mysql } : {}), ...common }),
    aws: createAwsEffects({ aws: deps.aws ?? noAws, door, ...common }),
  };
}

const missingAws = () =>
  new OpsdeckError('INTERNAL', 'This workflow runner has no EC2 service.', 'Report this bug.');

/** Stand-in when a runner is built without EC2 (tests): any use says so clearly. */
const noAws: AwsEffectsDeps['aws'] = () => Promise.reject(missingAws());
