/**
 * Editing a MySQL option file (my.cnf) as text: settings are replaced where they are, removed
 * where duplicated, or added to the server section; comments and everything else are kept.
 */

import {
  normKey,
  parseOptionLines,
  SERVER_SECTIONS,
  type OptionLine,
} from '../../mysql/options/option-lines';

import type { SettingValue } from '../../mysql/options/edit-plan';

export type { SettingValue };

export interface ConfigEdit {
  content: string;
  /** Human-readable changes, e.g. "log_slave_updates: ON → OFF". */
  changes: string[];
  /** The file includes others (!include / !includedir) that might override these settings. */
  hasIncludes: boolean;
}

type Line = OptionLine;
const parse = parseOptionLines;
const norm = normKey;

export function editMyCnf(
  original: string,
  settings: Readonly<Record<string, SettingValue>>,
  target = 'mysqld',
): ConfigEdit {
  let lines = parse(original);
  const changes: string[] = [];
  for (const [rawKey, wanted] of Object.entries(settings)) {
    const key = norm(rawKey);
    const values = wanted === null ? [] : typeof wanted === 'string' ? [wanted] : [...wanted];
    const existing = lines.filter((l) => l.key === key && SERVER_SECTIONS.test(l.section));
    const current = existing.map((l) => l.value ?? '');
    if (same(current, values)) continue;
    changes.push(
      `${key}: ${current.length ? current.join(', ') : '(unset)'} → ${values.length ? values.join(', ') : '(removed)'}`,
    );
    const fresh = values.map<Line>((v) => ({
      text: `${key} = ${v}`,
      section: target,
      key,
      value: v,
    }));
    if (existing.length) {
      // Replace in place at the first definition; drop the others.
      const first = lines.indexOf(existing[0] as Line);
      lines = lines.flatMap((l, i) => (i === first ? fresh : existing.includes(l) ? [] : [l]));
    } else if (fresh.length) {
      lines = insertIntoSection(lines, target, fresh);
    }
  }
  return {
    content: lines.map((l) => l.text).join('\n'),
    changes,
    hasIncludes: /^\s*!include/m.test(original),
  };
}

function insertIntoSection(lines: Line[], target: string, fresh: Line[]): Line[] {
  const start = lines.findIndex(
    (l) => !l.key && new RegExp(`^\\s*\\[${target}\\]`, 'i').test(l.text),
  );
  if (start === -1) {
    const tail =
      lines.length && lines[lines.length - 1]?.text === '' ? [] : [{ text: '', section: '' }];
    return [
      ...lines,
      ...tail,
      { text: `[${target}]`, section: target },
      ...fresh,
      { text: '', section: target },
    ];
  }
  // After the section's last setting (before trailing blank lines/comments of the next section).
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as Line;
    if (/^\s*\[/.test(l.text)) break;
    if (l.key) end = i;
  }
  return [...lines.slice(0, end + 1), ...fresh, ...lines.slice(end + 1)];
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v.toLowerCase() === (b[i] ?? '').toLowerCase());
