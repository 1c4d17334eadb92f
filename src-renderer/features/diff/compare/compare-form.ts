/** The "Compare with…" form, pure: rows of choices in, the contract's diff sources out. */
import type { DiffSource } from '../../../../src-main/contract';

export type RowKind = 'host' | 'snapshot' | 'local' | 'template';

export interface CompareRow {
  kind: RowKind;
  hostId: string;
  /** Host file / snapshot: the file's path on the host. Local / template: a local path. */
  path: string;
  /** Snapshot: an id, or 'yesterday' (the newest at or before 24 hours ago). */
  snapshot: string;
}

export const emptyRow = (hostId = '', path = ''): CompareRow => ({
  kind: 'host',
  hostId,
  path,
  snapshot: 'yesterday',
});

export type FormResult = { ok: true; sources: DiffSource[] } | { ok: false; errors: string[] };

/** Sources for the rows, or what is missing (one message per row that is not complete). */
export function sourcesOf(rows: readonly CompareRow[], now: Date): FormResult {
  const errors: string[] = [];
  const sources: DiffSource[] = [];
  rows.forEach((r, i) => {
    const n = `File ${i + 1}`;
    const path = r.path.trim();
    const problem =
      r.kind !== 'local' && !r.hostId
        ? 'pick a host'
        : !path
          ? 'give a path'
          : (r.kind === 'host' || r.kind === 'snapshot') &&
              !path.startsWith('/') &&
              !path.startsWith('~')
            ? 'use an absolute path on the host (/etc/…)'
            : undefined;
    if (problem) {
      errors.push(`${n}: ${problem}.`);
      return;
    }
    switch (r.kind) {
      case 'host':
        sources.push({ kind: 'host', hostId: r.hostId, path });
        break;
      case 'local':
        sources.push({ kind: 'local', path });
        break;
      case 'template':
        sources.push({ kind: 'template', path, hostId: r.hostId });
        break;
      case 'snapshot':
        sources.push(
          r.snapshot === 'yesterday'
            ? {
                kind: 'snapshot-at',
                hostId: r.hostId,
                path,
                at: new Date(now.getTime() - 86_400_000).toISOString(),
              }
            : { kind: 'snapshot', snapshotId: Number(r.snapshot) },
        );
        break;
    }
  });
  if (rows.length < 2) errors.push('Compare at least two files.');
  if (!errors.length && new Set(sources.map((s) => JSON.stringify(s))).size < sources.length)
    errors.push('Two rows name the same file.');
  return errors.length ? { ok: false, errors } : { ok: true, sources };
}

/**
 * Rows for hosts picked in the host list: the same path on each (2 or 3 hosts; the first two
 * when more are picked, the drift view being the tool for a whole selection).
 */
export function rowsForHosts(hostIds: readonly string[], path: string): CompareRow[] {
  const ids = hostIds.slice(0, 3);
  while (ids.length < 2) ids.push('');
  return ids.map((id) => emptyRow(id, path));
}

const hostPath = (k: RowKind) => k === 'host' || k === 'snapshot';

/**
 * A row's fields changed. A new path in the first row is carried to the rows below that still
 * had its old path (the same file on the other hosts, as the host list and the Files tab fill
 * them): the path is typed once. A row edited on its own keeps what it was given.
 */
export function patchRows(
  rows: readonly CompareRow[],
  index: number,
  patch: Partial<CompareRow>,
): CompareRow[] {
  const first = rows[0];
  const follows = (r: CompareRow, i: number) =>
    index === 0 &&
    i > 0 &&
    patch.path !== undefined &&
    first !== undefined &&
    r.path === first.path &&
    (r.kind === first.kind || (hostPath(r.kind) && hostPath(first.kind)));
  return rows.map((r, i) =>
    i === index ? { ...r, ...patch } : follows(r, i) ? { ...r, path: patch.path as string } : r,
  );
}
