import {
  normKey,
  parseOptionLines,
  SERVER_READ_SECTIONS,
  SERVER_SECTIONS,
  type OptionLine,
} from './option-lines';

/**
 * The option files a server reads, in the order it reads them: its default files (or the one its
 * command line names), following `!include` and `!includedir` (a folder's *.cnf files in
 * alphabetical order) where they appear. The last definition of a setting wins, so "which file
 * holds log_bin" has one answer. Reading is injected: one batch of paths per round over SSH.
 */

export interface ReadFile {
  path: string;
  /** The file behind symlinks (Debian: /etc/mysql/my.cnf → /etc/alternatives → mariadb.cnf). */
  realPath: string;
  content: string;
}

export interface ReadBatch {
  files: ReadFile[];
  /** Folders named by !includedir, with their *.cnf files (full paths). */
  dirs: Array<{ path: string; files: string[] }>;
  missing: string[];
  unreadable: string[];
}

export type ReadPaths = (paths: string[]) => Promise<ReadBatch>;

export interface OptionSetting {
  file: string;
  /** 1-based line number in that file. */
  line: number;
  section: string;
  key: string;
  value: string;
}

export interface OptionTree {
  roots: string[];
  /** Files in the order the server reads them (content byte for byte, for edits). */
  files: Array<{ path: string; realPath: string; content: string; lines: OptionLine[] }>;
  /** Every setting in a group the server reads, in read order. */
  settings: OptionSetting[];
  missing: string[];
  /** Files the login could not read (a sudo login reads them with sudo). */
  unreadable: string[];
}

/** Where a server reads its options when its command line names no --defaults-file. */
export const DEFAULT_OPTION_FILES = ['/etc/my.cnf', '/etc/mysql/my.cnf'];

/** Distribution files that hold the server's settings, preferred when present. */
const DISTRIBUTION_SERVER_FILES = [
  '/etc/mysql/mariadb.conf.d/50-server.cnf', // Debian / Ubuntu MariaDB
  '/etc/mysql/mysql.conf.d/mysqld.cnf', // Ubuntu / Debian MySQL
  '/etc/my.cnf.d/mariadb-server.cnf', // RHEL / Fedora MariaDB
  '/etc/my.cnf.d/mysql-server.cnf', // RHEL / Fedora MySQL
  '/etc/my.cnf.d/server.cnf', // MariaDB.org packages
];

const MAX_ROUNDS = 6;

export async function readOptionTree(roots: string[], readPaths: ReadPaths): Promise<OptionTree> {
  const files = new Map<string, ReadFile>();
  const dirs = new Map<string, string[]>();
  const missing = new Set<string>();
  const unreadable = new Set<string>();
  let pending = [...new Set(roots)];
  for (let round = 0; round < MAX_ROUNDS && pending.length; round++) {
    const batch = await readPaths(pending);
    for (const f of batch.files) files.set(f.path, f);
    for (const d of batch.dirs) dirs.set(d.path, [...d.files].sort());
    batch.missing.forEach((p) => missing.add(p));
    batch.unreadable.forEach((p) => unreadable.add(p));
    const known = (p: string) => files.has(p) || dirs.has(p) || missing.has(p) || unreadable.has(p);
    const next = new Set<string>();
    for (const f of batch.files)
      for (const line of parseOptionLines(f.content))
        if (line.include && !known(line.include.path)) next.add(line.include.path);
    pending = [...next];
  }

  const ordered: OptionTree['files'] = [];
  const visiting = new Set<string>();
  const visit = (path: string) => {
    const file = files.get(path);
    if (!file || visiting.has(path)) return;
    visiting.add(path);
    const lines = parseOptionLines(file.content);
    ordered.push({ path, realPath: file.realPath, content: file.content, lines });
    for (const line of lines) {
      if (line.include?.kind === 'include') visit(line.include.path);
      else if (line.include) for (const f of dirs.get(line.include.path) ?? []) visit(f);
    }
  };
  roots.forEach(visit);

  const settings: OptionSetting[] = [];
  for (const file of ordered)
    file.lines.forEach((l, i) => {
      if (l.key && SERVER_READ_SECTIONS.test(l.section))
        settings.push({
          file: file.path,
          line: i + 1,
          section: l.section,
          key: l.key,
          value: l.value ?? '',
        });
    });
  return { roots, files: ordered, settings, missing: [...missing], unreadable: [...unreadable] };
}

/** Every definition of a setting the server reads, in read order (the last one wins). */
export function definitionsOf(tree: OptionTree, key: string): OptionSetting[] {
  const k = normKey(key);
  return tree.settings.filter((s) => s.key === k);
}

/** The value the server uses from its option files, if any sets it. */
export function effectiveValue(tree: OptionTree, key: string): string | undefined {
  return definitionsOf(tree, key).at(-1)?.value;
}

/**
 * The file that holds the server's settings, where new settings go: the distribution's own
 * server file when it is read, else the read file with the most server settings (the later one
 * on a tie), else the first option file that exists.
 */
export function mainServerFile(tree: OptionTree): string | undefined {
  const read = new Set(tree.files.map((f) => f.path));
  const known = DISTRIBUTION_SERVER_FILES.find((f) => read.has(f));
  if (known) return known;
  let best: { path: string; count: number } | undefined;
  for (const file of tree.files) {
    const count = file.lines.filter((l) => l.key && SERVER_SECTIONS.test(l.section)).length;
    if (count > 0 && count >= (best?.count ?? 0)) best = { path: file.path, count };
  }
  return best?.path ?? tree.files[0]?.path;
}
