import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import { parseDestination } from '../destinations/url';

export interface VerifyHost {
  host: Host;
  /** Why this host: "chosen", "the backup host of ssh://db2/…", "the source (dumps)". */
  why: string;
  /** The backup's own source (production) host. */
  onSource: boolean;
}

/** What the plan and the log say when a hot backup is prepared on its own source. */
export const onSourceWarning = (host: Pick<Host, 'name'>) =>
  `Verifying on ${host.name}, the backup's source: unpacking and preparing it there uses the production host's disk and CPU.`;

/**
 * Where a backup is verified. A dump is checked on its source, as always (a stream through
 * `tail`/`tar -t`, nothing written). A hot backup is unpacked and prepared on a host that is not
 * its source by default: `on` when given (the source only when named there, with a warning),
 * else the backup host of an ssh:// destination. Anything else is a clear refusal asking for one.
 */
export function verifyHostOf(
  entry: Pick<BackupEntry, 'id' | 'kind' | 'hostId' | 'hostName' | 'destination'>,
  on: string | undefined,
  host: (ref: string) => Host,
): VerifyHost {
  if (on) {
    const h = host(on);
    return { host: h, why: 'chosen', onSource: h.id === entry.hostId };
  }
  if (entry.kind !== 'hot') return { host: host(entry.hostId), why: 'the source', onSource: true };
  const dest = parseDestination(entry.destination);
  const ask = (why: string) =>
    new OpsdeckError(
      'INVALID_PARAMS',
      `${entry.id ? `Backup ${entry.id}` : `A hot backup of ${entry.hostName}`} needs a verify host: ${why}. A hot backup is verified by unpacking and preparing it (mariabackup/xtrabackup --prepare) on a host other than its source.`,
      `Choose a host with mariabackup/xtrabackup installed: \`opsdeck backup verify <id> --on <host>\`, \`opsdeck backup run --verify-on <host>\` (verifyOn in the params). Naming ${entry.hostName} verifies on the source, using the production host's disk and CPU.`,
    );
  if (dest.kind !== 'ssh') throw ask(`it is stored at ${entry.destination}, not on a backup host`);
  let backupHost: Host;
  try {
    backupHost = host(dest.host);
  } catch {
    throw ask(`its backup host ${dest.host} is not one of Opsdeck's hosts`);
  }
  if (backupHost.id === entry.hostId)
    throw ask(`its backup host is its own source, ${entry.hostName}`);
  return { host: backupHost, why: `the backup host of ${entry.destination}`, onSource: false };
}

/**
 * A backup run's verify host, or — for a hot backup with none to be had (kept in a folder or
 * S3, or on its own source's backup host, and no host named) — the reason. The run then takes
 * and stores the backup anyway and says loudly that it is not verified: at 1 AM a backup that
 * was not taken is worse than one that still has to be prepared somewhere. `opsdeck backup
 * verify <id> --on <host>` prepares it later.
 */
export function runVerifyHost(
  entry: Parameters<typeof verifyHostOf>[0],
  on: string | undefined,
  host: (ref: string) => Host,
): VerifyHost | { unverified: string } {
  try {
    return verifyHostOf(entry, on, host);
  } catch (err) {
    if (!on && entry.kind === 'hot' && err instanceof OpsdeckError && err.code === 'INVALID_PARAMS')
      return { unverified: notVerifiedWarning(err) };
    throw err;
  }
}

/** What the plan and the log say of a hot backup that no host can prepare. */
const notVerifiedWarning = (err: OpsdeckError) =>
  `Not verified: ${err.message} The backup is taken, stored and checksummed, but not prepared. ${err.hint ?? ''}`.trim();
