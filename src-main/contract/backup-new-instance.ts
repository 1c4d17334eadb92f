import type { BackupEntry } from './backups';
import type { ErrorShape } from './errors';

/**
 * Where a snapshot set's volumes can be made: the account and region of its snapshots (its
 * destination `ec2://<account>/<region|default>`); `region` is absent for the account's default.
 * `undefined` for a backup that is not a snapshot set.
 */
export function snapshotPlace(
  e: Pick<BackupEntry, 'kind' | 'destination'>,
): { account: string; region?: string } | undefined {
  if (e.kind !== 'snapshot') return undefined;
  const [, , account = '', region = ''] = e.destination.split('/');
  return { account, ...(region && region !== 'default' ? { region } : {}) };
}

/**
 * Why a backup cannot be restore-tested on a new EC2 instance launched in `launch`'s account and
 * region, or `undefined` — said the same way by the workflow's check, the CLI (before it plans a
 * launch) and the Backups area. Dumps and physical backups restore anywhere. An EBS snapshot
 * set restores as volumes created from its snapshots and attached to the instance, so the
 * instance must run in the snapshots' account and region (any zone of it). A region left out
 * (the account's default) cannot be compared here: the workflow's check passes both resolved.
 * Without a `launch` only the backup itself is judged (the Backups area's button).
 */
export function newInstanceRefusal(
  e: Pick<BackupEntry, 'id' | 'kind' | 'destination'>,
  launch?: { account: string; region?: string | undefined },
): ErrorShape | undefined {
  const place = snapshotPlace(e);
  if (!place || !launch) return undefined;
  const otherRegion = Boolean(place.region && launch.region && place.region !== launch.region);
  if (launch.account === place.account && !otherRegion) return undefined;
  const where = `${place.account}${place.region ? `/${place.region}` : ' (its default region)'}`;
  const asked = `${launch.account}${launch.region ? `/${launch.region}` : ''}`;
  return {
    code: 'INVALID_PARAMS',
    message: `${e.id} is an EBS snapshot set in ${where}: its volumes can only be made there, not for an instance in ${asked}.`,
    hint: `Launch the scratch instance in ${where} (--account ${place.account}${place.region ? ` --region ${place.region}` : ''}; any zone), or copy the snapshots to ${asked} first.`,
  };
}
