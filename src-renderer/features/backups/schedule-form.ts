import type { BackupKind, Schedule, ScheduleInput, ScheduleWhen } from '../../../src-main/contract';

/** The schedule dialog's fields, as typed (strings where the user types). */
export interface ScheduleDraft {
  name: string;
  host: string;
  kind: BackupKind;
  to: string;
  every: ScheduleWhen['every'];
  at: string;
  day: number;
  hours: string;
  keepDaily: string;
  keepWeekly: string;
  keepMonthly: string;
  restoreTestOn: string;
  confirmScratch: string;
  /** Hot backups: the host each run prepares the backup on to verify it ('' = its backup host). */
  verifyOn: string;
  runner: 'opsdeck' | 'cron';
  enabled: boolean;
}

export const emptyDraft = (host = ''): ScheduleDraft => ({
  name: '',
  host,
  kind: 'hot',
  to: '',
  every: 'day',
  at: '02:30',
  day: 0,
  hours: '6',
  keepDaily: '7',
  keepWeekly: '4',
  keepMonthly: '6',
  restoreTestOn: '',
  confirmScratch: '',
  verifyOn: '',
  runner: 'opsdeck',
  enabled: true,
});

/** An existing schedule in the dialog (the scratch host must be typed again to save). */
export function draftOf(s: Schedule): ScheduleDraft {
  return {
    ...emptyDraft(s.hostName),
    name: s.name,
    kind: s.kind,
    to: s.to ?? '',
    every: s.when.every,
    ...(s.when.every === 'hours' ? { hours: String(s.when.hours) } : { at: s.when.at }),
    ...(s.when.every === 'week' ? { day: s.when.day } : {}),
    keepDaily: String(s.retention.daily),
    keepWeekly: String(s.retention.weekly),
    keepMonthly: String(s.retention.monthly),
    restoreTestOn: s.restoreTestOn ?? '',
    verifyOn: s.verifyOn ?? '',
    runner: s.runner,
    enabled: s.enabled,
  };
}

const count = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);

/**
 * The draft as the contract's ScheduleInput, or what to fix first (field → message). The core
 * checks it again (and the scratch host's typed name); this only catches what a person can see.
 */
export function scheduleInput(
  d: ScheduleDraft,
): { input: ScheduleInput; problems?: undefined } | { problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!d.name.trim()) problems.name = 'Name the schedule';
  if (!d.host) problems.host = 'Pick the host to back up';
  if (d.kind !== 'snapshot' && !/^(file|ssh|s3):\/\//.test(d.to.trim()))
    problems.to = 'file:///path, ssh://host/path or s3://bucket/prefix?account=NAME';
  if (d.runner === 'cron' && d.kind === 'snapshot')
    problems.runner = 'Snapshot sets need the EC2 API: Opsdeck runs them';
  else if (d.runner === 'cron' && !d.to.trim().startsWith(`ssh://${d.host}/`))
    problems.to = `cron on ${d.host} writes to a folder there: ssh://${d.host}/path`;
  if (d.every !== 'hours' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(d.at)) problems.at = 'HH:MM';
  const hours = count(d.hours);
  if (d.every === 'hours' && !(hours >= 1 && hours <= 168)) problems.hours = '1 to 168 hours';
  const [daily, weekly, monthly] = [count(d.keepDaily), count(d.keepWeekly), count(d.keepMonthly)];
  if ([daily, weekly, monthly].some((n) => Number.isNaN(n))) problems.keep = 'Whole numbers';
  if (d.restoreTestOn && d.restoreTestOn === d.host)
    problems.restoreTestOn = 'Restore tests run on a scratch host, never the source';
  if (d.restoreTestOn && d.confirmScratch !== d.restoreTestOn)
    problems.confirmScratch = `Type ${d.restoreTestOn}: its databases are replaced by every test`;
  if (d.kind === 'hot' && d.verifyOn && d.runner === 'cron')
    problems.verifyOn = `cron on ${d.host} does not verify its backups: leave Prepare on at its default (no host named), or let Opsdeck run the schedule`;
  if (Object.keys(problems).length) return { problems };
  const when: ScheduleWhen =
    d.every === 'hours'
      ? { every: 'hours', hours }
      : d.every === 'week'
        ? { every: 'week', day: d.day, at: d.at }
        : { every: 'day', at: d.at };
  return {
    input: {
      name: d.name.trim(),
      host: d.host,
      kind: d.kind,
      ...(d.kind !== 'snapshot' ? { to: d.to.trim() } : {}),
      when,
      retention: { daily, weekly, monthly },
      ...(d.restoreTestOn
        ? { restoreTestOn: d.restoreTestOn, confirmScratch: d.confirmScratch }
        : {}),
      // Only hot backups are prepared to be verified: a dump is checked on its source.
      ...(d.kind === 'hot' && d.verifyOn ? { verifyOn: d.verifyOn } : {}),
      runner: d.runner,
      enabled: d.enabled,
    },
  };
}

/** What the inventory says of a host, as far as choosing a verify host needs. */
export type HostRef = { id: string; name: string };

/**
 * The backup host of an ssh:// destination as the core resolves it (verify-host.ts: the URL's
 * hostname looked up in the inventory by id or name, the source compared by id): the host, or why
 * there is none — an IP or a name Opsdeck does not know, or the source itself.
 */
export function backupHostOf(
  to: string | undefined,
  source: string,
  hosts: readonly HostRef[],
): { host: HostRef } | { why: string } | undefined {
  let ref: string | undefined;
  try {
    const u = new URL(to?.trim() ?? '');
    ref = u.protocol === 'ssh:' ? u.hostname : undefined;
  } catch {
    return undefined;
  }
  if (!ref) return undefined;
  const find = (r: string) => hosts.find((h) => h.id === r) ?? hosts.find((h) => h.name === r);
  const host = find(ref);
  if (!host) return { why: `its backup host ${ref} is not one of Opsdeck's hosts` };
  if (host.id === find(source)?.id) return { why: `its backup host is its own source, ${source}` };
  return { host };
}

/**
 * The label of Prepare on's default choice (nothing named): the backup host the core will use,
 * or that nothing will be verified — never "its backup host" where there is none (file://, s3://).
 */
export function defaultVerifyLabel(
  to: string | undefined,
  source: string,
  hosts: readonly HostRef[],
): string {
  const b = backupHostOf(to, source, hosts);
  return b && 'host' in b
    ? `${b.host.name} (its backup host)`
    : 'none: taken and stored, not verified';
}

/**
 * Where a hot schedule's runs are prepared to be verified, as the core will choose
 * (core/backups/verify/verify-host.ts): the host named, else the backup host of an ssh://
 * destination (resolved in `hosts`, as the core resolves it: backupHostOf), else none — the run
 * is then taken and stored but not verified. `text` for the
 * list, `hint` for the dialog, `warn` when it is worth a second look (the source's own disk and
 * CPU, or no verify at all). Undefined for dumps and snapshot sets.
 */
export function verifyPlace(
  s: {
    hostName: string;
    kind: BackupKind;
    to?: string | undefined;
    verifyOn?: string | undefined;
    runner: Schedule['runner'];
  },
  hosts: readonly HostRef[],
): { text: string; hint: string; warn: boolean } | undefined {
  if (s.kind !== 'hot') return undefined;
  if (s.runner === 'cron')
    return {
      text: 'not verified (cron)',
      hint: 'cron does not verify: Verify its backups in the catalog once imported',
      warn: true,
    };
  const prepared = (where: string) => `each backup is verified by preparing it on ${where}`;
  if (s.verifyOn === s.hostName)
    return {
      text: `${s.verifyOn} (the source)`,
      hint: `${prepared(s.verifyOn)}, the source: uses the production host's disk and CPU`,
      warn: true,
    };
  if (s.verifyOn) return { text: s.verifyOn, hint: prepared(s.verifyOn), warn: false };
  const backup = backupHostOf(s.to, s.hostName, hosts);
  if (backup && 'host' in backup)
    return {
      text: `${backup.host.name} (backup host)`,
      hint: prepared(`${backup.host.name}, its backup host`),
      warn: false,
    };
  return {
    text: 'not verified',
    hint: `Not verified: no host to prepare it on${backup ? ` (${backup.why})` : ''} — pick one (each backup is still taken, stored and checksummed)`,
    warn: true,
  };
}
