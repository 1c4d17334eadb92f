/**
 * What kind of configuration file a path is, and what a comment line looks like in it. Shared by
 * every door so that "ignore comments" means the same thing in the CLI, the drift run and the
 * viewer (which also picks its syntax highlighting from the kind).
 */
export const FILE_KINDS = [
  'mysql',
  'ini',
  'haproxy',
  'nginx',
  'sshd',
  'shell',
  'yaml',
  'text',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Prefixes that start a comment line (after leading blanks), per kind. */
export const COMMENT_PREFIXES: Readonly<Record<FileKind, readonly string[]>> = {
  // MySQL/MariaDB option files accept both (mysql docs, "Option file syntax").
  mysql: ['#', ';'],
  ini: [';'],
  haproxy: ['#'],
  nginx: ['#'],
  sshd: ['#'],
  shell: ['#'],
  yaml: ['#'],
  text: [],
};

export const KIND_LABELS: Readonly<Record<FileKind, string>> = {
  mysql: 'MySQL/MariaDB option file',
  ini: 'INI file',
  haproxy: 'HAProxy configuration',
  nginx: 'nginx configuration',
  sshd: 'OpenSSH configuration',
  shell: 'shell script / environment file',
  yaml: 'YAML',
  text: 'plain text',
};

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1).toLowerCase();
const under = (path: string, dir: string) => path.startsWith(dir);

/**
 * The kind of the file at `path` (a remote or local path; only its name and folder are used): the
 * name decides first (haproxy.cfg is HAProxy's wherever it lies), then the folder.
 */
export function fileKindOf(path: string): FileKind {
  const p = path.replace(/\\/g, '/');
  const name = base(p);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  if (name === 'haproxy.cfg') return 'haproxy';
  if (name === 'nginx.conf') return 'nginx';
  if (/^sshd?_config$/.test(name)) return 'sshd';
  if (ext === 'cnf') return 'mysql';
  if (
    ['sh', 'bash', 'env'].includes(ext) ||
    ['.bashrc', '.profile', '.bash_profile', 'profile', 'environment'].includes(name)
  )
    return 'shell';
  if (ext === 'ini') return 'ini';
  if (under(p, '/etc/mysql/') || under(p, '/etc/my.cnf.d/')) return 'mysql';
  if (under(p, '/etc/haproxy/') && ext === 'cfg') return 'haproxy';
  if (under(p, '/etc/nginx/')) return 'nginx';
  if (under(p, '/etc/ssh/')) return 'sshd';
  if (under(p, '/etc/default/') || under(p, '/etc/sysconfig/')) return 'shell';
  return 'text';
}

/** Whether `line` is a comment line of `kind` (a line of blanks is not a comment). */
export function isCommentLine(line: string, kind: FileKind): boolean {
  const prefixes = COMMENT_PREFIXES[kind];
  if (!prefixes.length) return false;
  const trimmed = line.trimStart();
  return prefixes.some((p) => trimmed.startsWith(p));
}
