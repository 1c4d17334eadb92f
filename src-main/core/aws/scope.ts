import type { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsAccount } from '../../contract';
import { withAwsErrors } from './errors';

/** One account in one region, with its client. */
export interface AwsScope {
  account: AwsAccount;
  region: string;
  client: EC2Client;
  /** Aborts the call in flight (`ec2.cancel`); listings pass it to every SDK request. */
  signal?: AbortSignal | undefined;
}

/** The per-request options of an SDK call in this scope: `client.send(cmd, sendOptions(scope))`. */
export const sendOptions = (scope: Pick<AwsScope, 'signal'>) => ({ abortSignal: scope.signal });

/**
 * The scope with `signal` as its cancel (a workflow run's): `scope.signal` for the listings, and
 * a client whose every `send` is aborted by it — also the sends that pass no options (actions).
 * A signal the scope or a send already has still counts: either one aborts.
 */
export function withSignal<S extends AwsScope>(scope: S, signal: AbortSignal): S {
  const both = (other?: AbortSignal) =>
    other && other !== signal ? AbortSignal.any([other, signal]) : signal;
  const scoped = both(scope.signal);
  const send = (command: unknown, options?: unknown, ...rest: unknown[]) =>
    (scope.client.send as (...args: unknown[]) => unknown).call(
      scope.client,
      command,
      typeof options === 'function'
        ? options // send(command, callback): callbacks are not used here; left as they are
        : {
            ...(options as object | undefined),
            abortSignal: both((options as { abortSignal?: AbortSignal } | undefined)?.abortSignal),
          },
      ...rest,
    );
  const client = new Proxy(scope.client, {
    get: (target, prop) => (prop === 'send' ? send : Reflect.get(target, prop, target)),
  });
  return { ...scope, client, signal: scoped };
}

/** Run one SDK call (or a paginated series) with errors mapped to the scope. */
export function inScope<T>(
  scope: AwsScope,
  operation: string,
  fn: (client: EC2Client) => Promise<T>,
  resource?: string,
): Promise<T> {
  return withAwsErrors(
    {
      account: scope.account,
      region: scope.region,
      operation,
      ...(resource ? { resource } : {}),
    },
    () => fn(scope.client),
  );
}

/** The audit target of a scope: `aws:<account>/<region>`. */
export const auditTarget = (scope: Pick<AwsScope, 'account' | 'region'>) =>
  `aws:${scope.account.name}/${scope.region}`;
