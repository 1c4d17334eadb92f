import type { PlannedAction } from '../../contract';
import type { Redactor } from '../redact';
import type { ActionContext } from './actions/action-context';
import { withSignal, type AwsScope } from './scope';

/** Which account and region a workflow call touches. */
export interface AwsTarget {
  account: string;
  region?: string | undefined;
}

/**
 * EC2 for workflow steps (DESIGN rule 4): `read` may run while planning; `write` is recorded in
 * a plan and skipped, and in a run performed through an audited action with the run's audit.
 * Both hand on a scope bound to the run's signal: cancelling the run aborts every SDK request
 * they make (`withSignal`).
 */
export interface AwsEffects {
  read<T>(target: AwsTarget, what: string, fn: (scope: AwsScope) => Promise<T>): Promise<T>;
  /** Returns undefined while planning (nothing was done). */
  write<T>(
    target: AwsTarget,
    what: string,
    fn: (ctx: ActionContext) => Promise<T>,
  ): Promise<T | undefined>;
}

/** Resolves scopes and action contexts (core.aws). */
export interface AwsResolver {
  scope(account: string, region?: string): AwsScope;
  context(target: AwsTarget, door: string): ActionContext;
}

export interface AwsEffectsDeps {
  /**
   * core.aws, loaded on first use: the AWS SDK takes a long synchronous moment to load, which
   * runs that never touch EC2 (facts, failover without an Elastic IP, terminals beside them)
   * must not pay in the core's event loop.
   */
  aws(): Promise<AwsResolver>;
  door: string;
  redactor: Redactor;
  signal: AbortSignal;
  /** Planning: writes are recorded here instead of performed. */
  plan?: PlannedAction[];
  log(level: 'cmd' | 'out' | 'warn', text: string): void;
  audit(target: string, action: string, detail: string, outcome: 'ok' | 'failed'): void;
}

export function createAwsEffects(deps: AwsEffectsDeps): AwsEffects {
  const label = (aws: AwsResolver, target: AwsTarget) => {
    const scope = aws.scope(target.account, target.region);
    return `aws:${scope.account.name}/${scope.region}`;
  };
  return {
    async read(target, what, fn) {
      deps.signal.throwIfAborted();
      const aws = await deps.aws();
      const scope = withSignal(aws.scope(target.account, target.region), deps.signal);
      deps.plan?.push({
        kind: 'aws',
        target: label(aws, target),
        detail: deps.redactor.text(what),
        write: false,
      });
      return fn(scope);
    },
    async write(target, what, fn) {
      const aws = await deps.aws();
      const shown = deps.redactor.text(what);
      deps.plan?.push({ kind: 'aws', target: label(aws, target), detail: shown, write: true });
      if (deps.plan) return undefined;
      deps.signal.throwIfAborted();
      deps.log('cmd', `${label(aws, target)}: ${shown}`);
      // The run's cancel aborts the action's SDK requests in flight.
      const base = withSignal(aws.context(target, deps.door), deps.signal);
      // The action's own audit record goes to the run's audit (with the run id).
      return fn({
        ...base,
        audit: (r) => deps.audit(r.target, r.action, deps.redactor.text(r.detail), r.outcome),
      });
    },
  };
}
