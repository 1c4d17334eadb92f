import { MASK, type Redactor } from '../redact';

/**
 * `password = x`, `secret: x`, `auth_token x` (a key naming a secret, then its value), also in a
 * commented-out line (`# password = x` is a secret too) and in a diff line (`+`, `-`, ` `).
 */
const KEY_VALUE =
  /^([+\- ]?\s*(?:[#;]+\s*)?[\w.-]*(?:pass(?:word|wd|phrase)?|secret|token|credential|private[_-]?key|api[_-]?key)[\w.-]*\s*(?:[=:]\s*|\s+))(\S.*)$/i;
/** HAProxy `stats auth user:pass`, `user name password|insecure-password x`. */
const HAPROXY = [
  /^([+\- ]?\s*stats\s+auth\s+[^:\s]+:)(\S+)/i,
  /^([+\- ]?\s*user\s+\S+\s+(?:insecure-)?password\s+)(\S+)/i,
];

/**
 * Mask the values of secret-looking settings in config text (a file or a diff of one) before it
 * is stored in the audit trail: option files carry client passwords, HAProxy stats credentials.
 * The general redaction (known secrets, key blocks) is applied too.
 */
export function maskConfigSecrets(text: string, redactor: Redactor): string {
  const lines = text.split('\n').map((line) => {
    const kv = KEY_VALUE.exec(line);
    if (kv) return `${kv[1]}${MASK}`;
    for (const re of HAPROXY) {
      const m = re.exec(line);
      if (m) return line.replace(re, `$1${MASK}`);
    }
    return line;
  });
  return redactor.text(lines.join('\n'));
}

const AUDIT_DIFF_MAX = 32 * 1024;

/** An audit record's detail: a summary line and the diff, secrets masked, cut at 32 KiB. */
export function auditDiffDetail(summary: string, unified: string, redactor: Redactor): string {
  const text = maskConfigSecrets(`${summary}\n${unified}`, redactor);
  return text.length > AUDIT_DIFF_MAX
    ? `${text.slice(0, AUDIT_DIFF_MAX)}\n… (diff cut at ${AUDIT_DIFF_MAX / 1024} KiB)`
    : text;
}
