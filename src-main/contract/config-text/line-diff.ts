import { diffArrays } from 'diff';
import { isCommentLine, type FileKind } from './file-kind';
import { splitLines } from './text-shape';

/** What counts as a difference (the same in the CLI, drift and the viewer). */
export interface CompareOptions {
  /** `diff -w -B`: whitespace inside and around lines, blank lines and the final newline don't count. */
  ignoreWhitespace: boolean;
  /** Whole comment lines of the file's kind don't count (trailing comments do: `#` may be data). */
  ignoreComments: boolean;
  kind: FileKind;
}

/** A changed region in line indexes, `[from, to)` on each side (an empty side is an insertion point). */
export interface LineChange {
  fromA: number;
  toA: number;
  fromB: number;
  toB: number;
}

export interface LineDiff {
  linesA: string[];
  linesB: string[];
  endsWithNewlineA: boolean;
  endsWithNewlineB: boolean;
  changes: LineChange[];
}

/** Past this much time the diff gives up on a minimal answer and marks the rest as one change. */
const DIFF_TIMEOUT_MS = 2000;
/** Marks a last line without a line break, so `x` and `x\n` differ unless whitespace is ignored. */
const NO_EOL = '\u0000';

/** The comparison key of a line, or null when the line does not take part in the comparison. */
export function lineKey(line: string, options: CompareOptions): string | null {
  if (options.ignoreComments && isCommentLine(line, options.kind)) return null;
  if (!options.ignoreWhitespace) return line;
  const key = line.replace(/\s+/g, '');
  return key === '' ? null : key;
}

interface Keyed {
  lines: string[];
  endsWithNewline: boolean;
  /** Line index of each key. */
  at: number[];
  keys: string[];
}

function keyed(text: string, options: CompareOptions): Keyed {
  const { lines, endsWithNewline } = splitLines(text);
  const at: number[] = [];
  const keys: string[] = [];
  lines.forEach((line, i) => {
    const key = lineKey(line, options);
    if (key === null) return;
    at.push(i);
    keys.push(key);
  });
  const last = keys.length - 1;
  if (last >= 0 && !endsWithNewline && !options.ignoreWhitespace && at[last] === lines.length - 1)
    keys[last] += NO_EOL;
  return { lines, endsWithNewline, at, keys };
}

/**
 * Line-level differences between two texts under `options`, computed by jsdiff's Myers diff over
 * the lines' keys (ignored lines are left out of the comparison, then mapped back: a change spans
 * the original lines from its first to its last compared line; an insertion sits just before the
 * next compared line, so it lands after ignored lines that precede it).
 */
export function diffLines(a: string, b: string, options: CompareOptions): LineDiff {
  const ka = keyed(a, options);
  const kb = keyed(b, options);
  // Numbers compare faster than strings; equal runs at both ends need no diff at all.
  const ids = new Map<string, number>();
  const intern = (k: string) => {
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  };
  const na = ka.keys.map(intern);
  const nb = kb.keys.map(intern);
  let head = 0;
  while (head < na.length && head < nb.length && na[head] === nb[head]) head++;
  let tail = 0;
  while (
    tail < na.length - head &&
    tail < nb.length - head &&
    na[na.length - 1 - tail] === nb[nb.length - 1 - tail]
  )
    tail++;
  const midA = na.slice(head, na.length - tail);
  const midB = nb.slice(head, nb.length - tail);
  const parts = diffArrays(midA, midB, { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: midA, removed: true, added: false, count: midA.length },
    { value: midB, removed: false, added: true, count: midB.length },
  ];
  const changes: LineChange[] = [];
  let ia = head;
  let ib = head;
  let open: { ta: number; tb: number } | null = null;
  const close = () => {
    if (!open) return;
    changes.push(toLines(ka, kb, open.ta, ia, open.tb, ib));
    open = null;
  };
  for (const part of parts) {
    if (!part.added && !part.removed) {
      close();
      ia += part.count;
      ib += part.count;
      continue;
    }
    open ??= { ta: ia, tb: ib };
    if (part.removed) ia += part.count;
    else ib += part.count;
  }
  close();
  return {
    linesA: ka.lines,
    linesB: kb.lines,
    endsWithNewlineA: ka.endsWithNewline,
    endsWithNewlineB: kb.endsWithNewline,
    changes,
  };
}

function span(k: Keyed, from: number, to: number): [number, number] {
  if (from < to) return [k.at[from] as number, (k.at[to - 1] as number) + 1];
  const point = from < k.at.length ? (k.at[from] as number) : k.lines.length;
  return [point, point];
}

function toLines(ka: Keyed, kb: Keyed, ta0: number, ta1: number, tb0: number, tb1: number) {
  const [fromA, toA] = span(ka, ta0, ta1);
  const [fromB, toB] = span(kb, tb0, tb1);
  return { fromA, toA, fromB, toB };
}

/** Whether two texts are the same under `options` (cheaper than a diff when they are). */
export function sameText(a: string, b: string, options: CompareOptions): boolean {
  if (a === b) return true;
  const ka = keyed(a, options).keys;
  const kb = keyed(b, options).keys;
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** The text a content hash is taken of under `options`: the compared lines' keys. */
export function comparableText(text: string, options: CompareOptions): string {
  return keyed(text, options).keys.join('\n');
}
