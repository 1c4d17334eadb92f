import type { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsAccount } from '../../contract';
import { withAwsErrors } from './errors';

/** One account in one region, with its client. */
export interface AwsScope {
  account: AwsAccount;
  region: string;
  client: EC2Client;
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
