/** Pure helpers of the file browser: remote paths, sorting, filtering, sizes. */
import type { FileEntry } from '../../../src-main/contract';

export type FileSortColumn = 'name' | 'size' | 'mtime';
export interface FileSort {
  column: FileSortColumn;
  dir: 'asc' | 'desc';
}

/** Remote paths are POSIX: `/a/b` + `c` → `/a/b/c`. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The parent folder; `/` is its own parent. */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i <= 0 ? '/' : trimmed.slice(0, i);
}

/** A folder, or a link to one: opening it browses into it. */
export const isDirLike = (e: FileEntry) => e.type === 'dir' || e.targetType === 'dir';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Folders first whatever the column; then the column, then the name. */
export function sortEntries(entries: readonly FileEntry[], sort: FileSort): FileEntry[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: FileEntry, b: FileEntry) => collator.compare(a.name, b.name);
  const byColumn =
    sort.column === 'size'
      ? (a: FileEntry, b: FileEntry) => a.size - b.size
      : sort.column === 'mtime'
        ? (a: FileEntry, b: FileEntry) => a.mtimeMs - b.mtimeMs
        : byName;
  return [...entries].sort(
    (a, b) => Number(isDirLike(b)) - Number(isDirLike(a)) || sign * byColumn(a, b) || byName(a, b),
  );
}

export function visibleEntries(
  entries: readonly FileEntry[],
  opts: { sort: FileSort; showHidden: boolean },
): FileEntry[] {
  const shown = opts.showHidden ? entries : entries.filter((e) => !e.name.startsWith('.'));
  return sortEntries(shown, opts.sort);
}

/** Clicking a column sorts by it; clicking it again reverses. Sizes and dates start newest/largest. */
export function nextSort(current: FileSort, column: FileSortColumn): FileSort {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: column === 'name' ? 'asc' : 'desc' };
}

/** The next entry whose name starts with `prefix` after `from` (type-ahead in the listing). */
export function findByPrefix(
  rows: readonly FileEntry[],
  prefix: string,
  from: number,
): FileEntry | undefined {
  const p = prefix.toLowerCase();
  for (let k = 1; k <= rows.length; k++) {
    const row = rows[(from + k) % rows.length]!;
    if (row.name.toLowerCase().startsWith(p)) return row;
  }
  return undefined;
}

/** A local path in the folder `dir` of the machine running the core (Windows or POSIX). */
export function localJoin(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}
