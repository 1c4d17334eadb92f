/**
 * Redaction for everything that leaves the core as text: logs, plans, audit details, errors.
 * Known secret values are replaced wherever they appear; common secret-bearing patterns
 * (passwords on command lines, IDENTIFIED BY, key blocks) are masked even when unknown.
 */
export const MASK = '••••••';

/** A SQL string literal: '…' or "…", with doubled quotes and backslash escapes inside. */
const SQL_STRING = String.raw`(?:'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")`;
/** One shell word: quoted, or up to the next blank. */
const SHELL_WORD = String.raw`(?:'[^']*'|"(?:[^"\\]|\\.)*"|\S+)`;
const re = (source: string, flags = 'g') => new RegExp(source, flags);

/** Mask the password half of `user:password` (a shell word, maybe quoted); keep the user. */
const maskUserPass = (_m: string, lead: string, word: string) => {
  const bare = word.replace(/^(['"])(.*)\1$/s, '$2');
  const colon = bare.indexOf(':');
  return colon < 0 ? `${lead}${word}` : `${lead}${bare.slice(0, colon)}:${MASK}`;
};

const PATTERNS: ReadonlyArray<[RegExp, string | ((...groups: string[]) => string)]> = [
  [re(String.raw`(IDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+)${SQL_STRING}`, 'gi'), `$1'${MASK}'`],
  // Password hashes in SHOW GRANTS / SHOW CREATE USER output (MariaDB and MySQL forms).
  [
    re(
      String.raw`(IDENTIFIED\s+(?:BY\s+PASSWORD|VIA\s+\S+\s+USING|WITH\s+\S+\s+AS)\s+)${SQL_STRING}`,
      'gi',
    ),
    `$1'${MASK}'`,
  ],
  [re(String.raw`(MASTER_PASSWORD|SOURCE_PASSWORD)\s*=\s*${SQL_STRING}`, 'gi'), `$1='${MASK}'`],
  [re(String.raw`(\bPASSWORD\s*\(\s*)${SQL_STRING}`, 'gi'), `$1'${MASK}'`],
  [re(String.raw`(\bSET\s+PASSWORD\b[^=;]*=\s*)${SQL_STRING}`, 'gi'), `$1'${MASK}'`],
  [/(--password=)(\S+)/g, `$1${MASK}`],
  // `--password VALUE` (tools that take the next word; `--password-file` etc. are not matched).
  [re(String.raw`(--(?:password|passwd)\s+)(?!-)${SHELL_WORD}`), `$1${MASK}`],
  // `-pSECRET` only for MySQL/MariaDB clients (elsewhere -p means other things).
  [
    /(\b(?:mysql|mariadb|mysqldump|mariadb-dump|mysqladmin|mariadb-admin|mariabackup|xtrabackup)\b[^|;&\n]*?\s-p)(?!\s)(\S+)/g,
    `$1${MASK}`,
  ],
  [re(String.raw`(\bsshpass\b[^|;&\n]*?\s-p\s*)${SHELL_WORD}`), `$1${MASK}`],
  // Environment assignments: PGPASSWORD=, MYSQL_PWD=, *_PASSWORD=, *_PASSPHRASE=, *_TOKEN=, …
  // (not a SQL MASTER_PASSWORD='…' already masked above)
  [
    re(
      String.raw`(\b(?:[A-Z0-9_]*(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|SECRET_ACCESS_KEY|TOKEN)|[A-Z0-9_]+_PWD)=)(?!'${MASK}')${SHELL_WORD}`,
    ),
    `$1${MASK}`,
  ],
  [/(aws_secret_access_key\s*=\s*)\S+/gi, `$1${MASK}`],
  // curl -u user:pass / --user user:pass (also attached: -uuser:pass).
  [re(String.raw`(\bcurl\b[^|;&\n]*?\s(?:-u\s*|--user[\s=]+))(${SHELL_WORD})`), maskUserPass],
  // Credentials in URLs: scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, `$1${MASK}@`],
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    `[private key ${MASK}]`,
  ],
];

const SECRET_KEY = /pass(word|phrase)?|secret|token|private.?key|credential/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a secret value so it is masked wherever it appears later. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) out = out.split(secret).join(MASK);
    for (const [pattern, replacement] of PATTERNS)
      out =
        typeof replacement === 'string'
          ? out.replace(pattern, replacement)
          : out.replace(pattern, replacement);
    return out;
  }

  /** Deep copy of an object with secret-named fields masked and strings redacted. */
  value<T>(input: T): T {
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return key && SECRET_KEY.test(key) ? MASK : this.text(v);
      if (Array.isArray(v)) return v.map((item) => walk(item));
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, walk(val, k)]));
      }
      return v;
    };
    return walk(input) as T;
  }
}
