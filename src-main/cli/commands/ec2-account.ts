import { OpsdeckError } from '../../contract/errors';
import type { CliContext } from '../cli-context';

/** --account, else OPSDECK_AWS_ACCOUNT, else the only account there is. */
export async function accountOf(ctx: CliContext, explicit?: string): Promise<string> {
  const chosen = explicit ?? process.env.OPSDECK_AWS_ACCOUNT;
  if (chosen) return chosen;
  const accounts = await ctx.call('ec2.accounts.list', {});
  if (accounts.length === 1) return (accounts[0] as { name: string }).name;
  throw new OpsdeckError(
    'INVALID_PARAMS',
    accounts.length ? 'Several AWS accounts: which one?' : 'No AWS account yet.',
    accounts.length
      ? `Pass --account (one of ${accounts.map((a) => a.name).join(', ')}) or set OPSDECK_AWS_ACCOUNT.`
      : 'Add one with `opsdeck ec2 accounts add <name> --profile <profile>` (or --access-key-id).',
  );
}
