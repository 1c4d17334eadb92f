import { z } from 'zod';
import {
  OpsdeckError,
  TableStat,
  type BackupEntry,
  type Coordinates,
  type CronImportResult,
  type Host,
  type Schedule,
} from '../../../contract';
import { shellQuote as q } from '../../common/shell';
import type { BackupFinish, NewBackup } from '../../store/backups-repo';
import { sudoPasswordError } from '../../exec/summary';
import { asRoot } from '../../ssh/privilege';
import { locationOf, parseDestination } from '../destinations/url';
import type { SshExec } from './cron-installer';

/**
 * The JSON manifest the cron script writes beside each backup it finished (written last, so a
 * manifest means a whole file). Older scripts wrote neither `file` nor `tables`.
 */
export const CronManifest = z.object({
  id: z.string().regex(/^\d{8}T\d{6}Z-[A-Za-z0-9._-]+-cron$/),
  file: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional(),
  kind: z.enum(['dump', 'hot']),
  tool: z.string().regex(/^[a-z-]+$/),
  host: z.string(),
  schedule: z.string(),
  compression: z.enum(['zstd', 'gzip', 'none']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The dump's coordinate comments, or mariabackup's "binlog position" line, as text. */
  coordinates: z.string(),
  tables: z.array(TableStat).default([]),
});
export type CronManifest = z.infer<typeof CronManifest>;

/** Binlog file/position and GTID from the text the cron script recorded. */
export function parseCronCoordinates(text: string): Coordinates {
  const change = /MASTER_LOG_FILE='([^']+)',\s*MASTER_LOG_POS=(\d+)/i.exec(text);
  const hot = /filename '([^']+)', position '(\d+)'(?:, GTID of the last change '([^']*)')?/.exec(
    text,
  );
  const gtid =
    /gtid_slave_pos\s*=\s*'([^']*)'/i.exec(text)?.[1] ??
    /GTID_PURGED\s*=\s*'\+?([^']*)'/i.exec(text)?.[1] ??
    hot?.[3];
  const file = change?.[1] ?? hot?.[1];
  const position = change?.[2] ?? hot?.[2];
  return {
    ...(file ? { file } : {}),
    ...(position ? { position: Number(position) } : {}),
    ...(gtid !== undefined ? { gtid: gtid.replace(/\s+/g, '') } : {}),
  };
}

/** The catalog entry of one manifest: created, then finished as it was on the host. */
export function manifestEntry(
  m: CronManifest,
  at: { host: Host; schedule: Pick<Schedule, 'id' | 'to'>; manifestName: string },
): { create: NewBackup; finish: BackupFinish } {
  const dest = parseDestination(at.schedule.to ?? '');
  const file = m.file ?? at.manifestName.replace(/\.json$/, '');
  const durationMs = Math.max(0, Date.parse(m.finishedAt) - Date.parse(m.startedAt));
  return {
    create: {
      id: m.id,
      kind: m.kind,
      tool: m.tool,
      hostId: at.host.id,
      hostName: at.host.name,
      startedAt: m.startedAt,
      compression: m.compression,
      destination: dest.url,
      location: locationOf(dest, `${at.host.name}/${file}`),
      scheduleId: at.schedule.id,
    },
    finish: {
      status: 'succeeded',
      finishedAt: m.finishedAt,
      bytes: m.bytes,
      durationMs,
      coordinates: parseCronCoordinates(m.coordinates),
      checksum: m.sha256,
      tables: m.tables,
    },
  };
}

export interface ImportDeps {
  host(idOrName: string): Host;
  ssh(): Promise<SshExec>;
  catalog: {
    find(id: string): BackupEntry | undefined;
    list(q: { host?: string; limit?: number }): BackupEntry[];
    create(b: NewBackup): BackupEntry;
    finish(id: string, f: BackupFinish): BackupEntry;
    forget(id: string): void;
  };
}

/** Printed (alone on its line) when the schedule's folder does not exist on the host. */
export const NO_FOLDER = 'opsdeck:no-folder';

/**
 * The schedule's folder on its host, one line each: `m<TAB>name<TAB>text` for a manifest,
 * `f<TAB>name` for every other cron backup file there (whose presence keeps its catalog entry).
 * A missing folder prints NO_FOLDER; a folder that cannot be entered exits non-zero.
 */
export const listFolder = (dir: string) =>
  [
    `[ -d ${q(dir)} ] || { echo ${NO_FOLDER}; exit 0; }`,
    `cd ${q(dir)} || exit 1`,
    `for f in *-cron-*; do [ -f "$f" ] || continue; case "$f" in`,
    `  *.json) printf 'm\\t%s\\t' "$f"; head -c 1048576 "$f" | tr -d '\\n\\t'; echo ;;`,
    `  *.partial) ;;`,
    `  *) printf 'f\\t%s\\n' "$f" ;;`,
    'esac; done',
  ].join('\n');

/** What the folder listing holds. */
export function parseFolderListing(
  stdout: string,
):
  | { missing: true }
  | { missing: false; manifests: { name: string; text: string }[]; files: Set<string> } {
  const lines = stdout.split('\n').filter(Boolean);
  if (lines.some((l) => l.trim() === NO_FOLDER)) return { missing: true };
  const manifests: { name: string; text: string }[] = [];
  const files = new Set<string>();
  for (const line of lines) {
    const [kind, name = '', text = ''] = line.split('\t');
    if (kind === 'm') manifests.push({ name, text });
    else if (kind === 'f') files.add(name);
  }
  return { missing: false, manifests, files };
}

/** The catalog id a manifest stands for, even when it does not parse (from its text or name). */
export function manifestId(name: string, text: string): string | undefined {
  try {
    const id: unknown = (JSON.parse(text) as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id) return id;
  } catch {
    // a manifest cut short: its name still says which backup it is
  }
  return /^(\d{8}T\d{6}Z-[A-Za-z0-9._-]+?-cron)-/.exec(name)?.[1];
}

function listingFailed(host: Host, dir: string, r: { code: number | null; stderr: string }) {
  const sudo = sudoPasswordError(host.name, r.stderr);
  if (sudo)
    return new OpsdeckError(
      'SUDO_PASSWORD_REQUIRED',
      `${host.user} on ${host.name} cannot use sudo without a password, so Opsdeck could not read the cron backups in ${dir}.`,
      'Allow it without a password for that user (NOPASSWD in sudoers), or log in as root, then import again.',
    );
  return new OpsdeckError(
    'SSH_COMMAND_FAILED',
    `Could not list the cron backups in ${dir} on ${host.name} (exit ${r.code ?? 'signal'}): ${r.stderr.trim() || 'no message'}.`,
    `Check that ${dir} on ${host.name} is readable by root, then import again.`,
  );
}

/**
 * Backups made by a cron schedule, brought into the catalog from the manifests beside them on
 * the host (read over SSH, as root where the login is not): each new manifest becomes a good
 * entry with its size, sha256, coordinates and row counts. An entry of that schedule is
 * forgotten only when its file is verifiably gone from the folder that was listed (cron's
 * retention deleted it); a folder that does not exist (a disk not mounted, a host renamed in
 * Opsdeck) forgets nothing and is reported in `missingFolders`. Verify, restore tests and
 * restores then work on them as on any backup: the file is read over SSH from the host.
 */
export async function importCronBackups(
  deps: ImportDeps,
  s: Pick<Schedule, 'id' | 'hostName' | 'to'>,
): Promise<CronImportResult> {
  const result: CronImportResult = { imported: [], removed: [], skipped: [], missingFolders: [] };
  if (!s.to) return result;
  const host = deps.host(s.hostName);
  const dest = parseDestination(s.to);
  if (dest.kind !== 'ssh') return result;
  const dir = `${dest.path}/${host.name}`;
  const ssh = await deps.ssh();
  const r = await ssh.exec(host, asRoot(host, listFolder(dir)), { timeoutMs: 60_000 });
  if (r.code !== 0) throw listingFailed(host, dir, r);
  const listing = parseFolderListing(r.stdout);
  if (listing.missing) {
    result.missingFolders.push({ host: host.name, folder: dir });
    return result;
  }
  const seen = new Set<string>();
  for (const { name, text } of listing.manifests) {
    let m: CronManifest;
    try {
      m = CronManifest.parse(JSON.parse(text));
    } catch (err) {
      const id = manifestId(name, text);
      if (id) seen.add(id);
      const why = err instanceof z.ZodError ? z.prettifyError(err) : String(err);
      result.skipped.push({ host: host.name, file: `${dir}/${name}`, message: why });
      continue;
    }
    seen.add(m.id);
    if (m.schedule !== s.id || m.host !== host.name) continue;
    if (deps.catalog.find(m.id)) continue;
    const e = manifestEntry(m, { host, schedule: s, manifestName: name });
    deps.catalog.create(e.create);
    deps.catalog.finish(m.id, e.finish);
    result.imported.push(m.id);
  }
  const folder = locationOf(dest, `${host.name}/`);
  const gone = (location: string) => {
    if (!location.startsWith(folder)) return false; // another folder: not what was listed
    const file = location.slice(folder.length);
    return file !== '' && !file.includes('/') && !listing.files.has(file);
  };
  for (const e of deps.catalog.list({ host: host.name, limit: 10_000 }))
    if (
      e.scheduleId === s.id &&
      !e.runId &&
      e.id.endsWith('-cron') &&
      !seen.has(e.id) &&
      gone(e.location)
    ) {
      deps.catalog.forget(e.id);
      result.removed.push(e.id);
    }
  return result;
}
