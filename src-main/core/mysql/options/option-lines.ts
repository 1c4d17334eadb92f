/**
 * MySQL / MariaDB option files (my.cnf) as lines: `[section]` headers, `key = value` settings,
 * `!include` / `!includedir` directives, comments and everything else kept verbatim. Pure.
 */

/** Groups only the server reads (MariaDB and MySQL; versioned ones like [mysqld-8.0], [mariadb-10.11]). */
export const SERVER_SECTIONS = /^(mysqld|mariadb|mariadbd|server|mysqld-[\d.]+|mariadb-[\d.]+)$/i;
/** Groups the server reads: its own, and MariaDB's [client-server] (shared with the clients). */
export const SERVER_READ_SECTIONS =
  /^(client-server|mysqld|mariadb|mariadbd|server|mysqld-[\d.]+|mariadb-[\d.]+)$/i;

/** Option names compare with `-` and `_` as the same character, case-insensitively. */
export const normKey = (key: string) => key.trim().toLowerCase().replace(/-/g, '_');

export interface OptionLine {
  text: string;
  /** The section the line is in ('' before the first header). */
  section: string;
  /** A setting: its normalised name and value (quotes and trailing comments removed). */
  key?: string;
  value?: string;
  /** An include directive. */
  include?: { kind: 'include' | 'includedir'; path: string };
}

export function parseOptionLines(content: string): OptionLine[] {
  let section = '';
  return content.split('\n').map((text) => {
    const t = text.trim();
    const header = /^\[([^\]]+)\]/.exec(t);
    if (header) {
      section = (header[1] as string).trim();
      return { text, section };
    }
    const include = /^!(includedir|include)\s+(\S.*)$/.exec(t);
    if (include)
      return {
        text,
        section,
        include: {
          kind: include[1] as 'include' | 'includedir',
          path: (include[2] as string).trim().replace(/\/+$/, '') || '/',
        },
      };
    if (!t || t.startsWith('#') || t.startsWith(';') || t.startsWith('!')) return { text, section };
    const m = /^([A-Za-z0-9_.-]+)\s*(?:=\s*(.*))?$/.exec(t);
    if (!m) return { text, section };
    const value = (m[2] ?? '')
      .replace(/\s+#.*$/, '')
      .trim()
      .replace(/^["']|["']$/g, '');
    return { text, section, key: normKey(m[1] as string), value };
  });
}
