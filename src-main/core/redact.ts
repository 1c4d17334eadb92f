/**
 * Redaction for everything that leaves the core as text: logs, plans, audit details, errors.
 * Known secret values are replaced wherever they appear; common secret-bearing patterns
 * (passwords on command lines, IDENTIFIED BY, key blocks) are masked even when unknown.
 */
export const MASK = '••••••';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(IDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+)'(?:[^'\\]|\\.)*'/gi, `$1'${MASK}'`],
  // Password hashes in SHOW GRANTS / SHOW CREATE USER output (MariaDB and MySQL forms).
  [
    /(IDENTIFIED\s+(?:BY\s+PASSWORD|VIA\s+\S+\s+USING|WITH\s+\S+\s+AS)\s+)'(?:[^'\\]|\\.)*'/gi,
    `$1'${MASK}'`,
  ],
  [/(MASTER_PASSWORD|SOURCE_PASSWORD)\s*=\s*'(?:[^'\\]|\\.)*'/gi, `$1='${MASK}'`],
  [/(--password=)(\S+)/g, `$1${MASK}`],
  // `-pSECRET` only for MySQL/MariaDB clients (elsewhere -p means other things).
  [
    /(\b(?:mysql|mariadb|mysqldump|mariadb-dump|mysqladmin|mariadb-admin|mariabackup|xtrabackup)\b[^|;&\n]*?\s-p)(?!\s)(\S+)/g,
    `$1${MASK}`,
  ],
  [/(MYSQL_PWD=)\S+/g, `$1${MASK}`],
  [/(aws_secret_access_key\s*=\s*)\S+/gi, `$1${MASK}`],
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
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
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
