import type { StreamParser } from '@codemirror/language';

/**
 * "keyword value…" configuration files (HAProxy, OpenSSH): comment lines, a keyword first on the
 * line, section headers for HAProxy, numbers and quoted strings. Small on purpose: enough to read
 * a config at a glance, like the legacy modes do for nginx and shell.
 */
export function keywordMode(name: string, sections: readonly string[] = []): StreamParser<unknown> {
  const sectionSet = new Set(sections);
  return {
    name,
    token(stream) {
      if (stream.sol()) stream.eatSpace();
      if (stream.peek() === '#') {
        stream.skipToEnd();
        return 'comment';
      }
      const atStart = stream.column() === stream.indentation();
      if (stream.eatSpace()) return null;
      if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'[^']*'?/)) return 'string';
      if (stream.match(/^\d[\d.:/]*[a-z]*\b/i)) return 'number';
      const word = stream.match(/^[^\s#"']+/);
      if (!word || typeof word === 'boolean') {
        stream.next();
        return null;
      }
      if (atStart) return sectionSet.has(word[0]) ? 'heading' : 'keyword';
      return null;
    },
  };
}

export const haproxyMode = keywordMode('haproxy', [
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'peers',
  'resolvers',
  'userlist',
  'program',
  'http-errors',
  'ring',
  'cache',
  'mailers',
]);

export const sshdMode = keywordMode('sshd', ['Match']);
