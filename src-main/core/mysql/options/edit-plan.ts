import { normKey } from './option-lines';
import { definitionsOf, type OptionTree } from './option-tree';

/** A value, several values (one line each, e.g. replicate_wild_ignore_table) or null = remove. */
export type SettingValue = string | readonly string[] | null;

export interface FileEdit {
  path: string;
  settings: Record<string, SettingValue>;
}

export interface EditPlan {
  edits: FileEdit[];
  /** Why a setting goes where it goes, when it was not simply added to the main file. */
  notes: string[];
}

const at = (d: { file: string; line: number }) => `${d.file}:${d.line}`;

/**
 * Which option file each setting is changed in, so that the server ends up with exactly the wanted
 * value: the file whose definition wins (the last one read) — also when it is defined in several
 * places (then said so) — or, when no file sets it, the main server file. A removal (null) and a
 * list of values take every other definition out, since any one of them would still count.
 */
export function planSettingEdits(
  tree: OptionTree,
  settings: Readonly<Record<string, SettingValue>>,
  mainFile: string,
): EditPlan {
  const edits = new Map<string, Record<string, SettingValue>>();
  const notes: string[] = [];
  const put = (path: string, key: string, value: SettingValue) => {
    const file = edits.get(path) ?? {};
    file[key] = value;
    edits.set(path, file);
  };
  for (const [rawKey, value] of Object.entries(settings)) {
    const key = normKey(rawKey);
    const defs = definitionsOf(tree, key);
    const files = [...new Set(defs.map((d) => d.file))];
    if (value === null) {
      for (const f of files) put(f, key, null);
      if (files.length > 1) notes.push(`${key} is removed from ${files.join(', ')}`);
      continue;
    }
    const winner = defs.at(-1);
    const target = winner?.file ?? mainFile;
    put(target, key, value);
    if (files.length > 1) {
      const where = defs.map(at).join(', ');
      notes.push(
        Array.isArray(value)
          ? `${key} is set in ${where}: the values go to ${target}, the other files' lines are removed`
          : `${key} is set in ${where}; ${at(winner as (typeof defs)[number])} wins (read last), so it is changed there`,
      );
      if (Array.isArray(value)) for (const f of files) if (f !== target) put(f, key, null);
    } else if (winner && winner.file !== mainFile) {
      notes.push(`${key} is set in ${at(winner)}, so it is changed there`);
    }
  }
  return { edits: [...edits].map(([path, s]) => ({ path, settings: s })), notes };
}
