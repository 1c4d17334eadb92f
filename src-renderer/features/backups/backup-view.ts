import {
  snapshotPlace,
  type BackupCheck,
  type BackupEntry,
  type Host,
} from '../../../src-main/contract';
import type { Tone } from '../../ui/status';

/** Pure view helpers for the Backups area (tested without a DOM). */
export function checkTone(c: BackupCheck | undefined): Tone {
  if (!c) return 'unknown';
  return c.status === 'passed' ? 'ok' : c.status === 'running' ? 'busy' : 'crit';
}

export function statusTone(e: Pick<BackupEntry, 'status'>): Tone {
  return e.status === 'succeeded' ? 'ok' : e.status === 'running' ? 'busy' : 'crit';
}

export function coordinatesText(e: Pick<BackupEntry, 'coordinates'>): string {
  const c = e.coordinates;
  if (c.gtid) return `GTID ${c.gtid}`;
  if (c.file) return `${c.file}:${c.position ?? '?'}`;
  return '—';
}

/** The databases a restore of `e` would put on a host (from the tables counted at backup time). */
export function databasesOf(e: Pick<BackupEntry, 'tables'>): string[] {
  return [...new Set(e.tables.map((t) => t.table.split('.')[0] as string))];
}

/** A restore test that failed is the CRITICAL line of the area. */
export function failedRestoreTests<T extends Pick<BackupEntry, 'restoreTest'>>(
  entries: readonly T[],
): T[] {
  return entries.filter((e) => e.restoreTest?.status === 'failed');
}

/**
 * "On a new instance…": enabled for a usable backup while nothing runs. For a snapshot set the
 * tooltip says where the instance is launched (its snapshots' account and region) and that the
 * volumes made from them go with it.
 */
export function newInstanceButton(
  e: Pick<BackupEntry, 'id' | 'kind' | 'destination'>,
  o: { usable: boolean; running: boolean },
): { disabled: boolean; title: string } {
  const place = snapshotPlace(e);
  return {
    disabled: !o.usable || o.running,
    title: place
      ? `Launch a scratch EC2 instance in ${place.account}${place.region ? `/${place.region}` : ''} (where the snapshots are), make volumes from the snapshots in its zone, mount them as its data dir and verify, then terminate it — its volumes go with it`
      : 'Launch a scratch EC2 instance, restore this backup onto it and verify it, then terminate it',
  };
}

/**
 * The host a hot backup is prepared on when none is chosen, as the core picks it (verify-host.ts):
 * the backup host of an ssh:// destination, when it is one of Opsdeck's hosts and not the backup's
 * source. Undefined: the user has to choose one (file://, s3://, its own source's backup host).
 */
export function defaultVerifyHost<H extends Pick<Host, 'id' | 'name'>>(
  entry: Pick<BackupEntry, 'hostId' | 'destination'>,
  hosts: readonly H[],
): H | undefined {
  let ref: string;
  try {
    const u = new URL(entry.destination);
    if (u.protocol !== 'ssh:') return undefined;
    ref = decodeURIComponent(u.hostname);
  } catch {
    return undefined;
  }
  const h = hosts.find((x) => x.name === ref || x.id === ref);
  return h && h.id !== entry.hostId ? h : undefined;
}
