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
