import type { Chunk } from '@codemirror/merge';
import { StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { rangeOf, type Side } from './hunk-ops';

/** The decorations a 3-way pane shows; replaced whenever its chunks are recomputed. */
export const setMarks = StateEffect.define<DecorationSet>();
export const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) next = e.value;
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface MarkSource {
  chunks: readonly Chunk[];
  /** This pane's side in those chunks. */
  side: Side;
  /** Line class for the changed lines. */
  cls: string;
}

/**
 * Line and character marks for one pane from one or two chunk lists (the middle pane of a 3-way
 * compare has both neighbours': lines changed against both get `cm-dv-both`).
 */
export function marksFor(doc: Text, sources: readonly MarkSource[]): DecorationSet {
  const lineClasses = new Map<number, Set<string>>();
  const marks = [];
  for (const s of sources) {
    for (const c of s.chunks) {
      const [from, to] = rangeOf(c, s.side);
      if (from >= to) {
        // Lines only the other file has: mark the gap on the line below it (above, at the end).
        const atEnd = from >= doc.length && doc.length > 0 && doc.lineAt(doc.length).from < from;
        const line = doc.lineAt(Math.min(from, doc.length));
        const set = lineClasses.get(line.from) ?? new Set<string>();
        set.add(atEnd ? 'cm-dv-gap-after' : 'cm-dv-gap-before');
        lineClasses.set(line.from, set);
        continue;
      }
      for (let pos = from; pos < Math.min(to, doc.length + 1);) {
        const line = doc.lineAt(Math.min(pos, doc.length));
        const set = lineClasses.get(line.from) ?? new Set<string>();
        set.add(s.cls);
        lineClasses.set(line.from, set);
        pos = line.to + 1;
      }
      for (const ch of c.changes) {
        const [cf, ct] = s.side === 'a' ? [ch.fromA, ch.toA] : [ch.fromB, ch.toB];
        const mf = Math.min(from + cf, doc.length);
        const mt = Math.min(from + ct, doc.length);
        if (mt > mf) marks.push(Decoration.mark({ class: 'cm-dv-char' }).range(mf, mt));
      }
    }
  }
  const lines = [...lineClasses.entries()].map(([pos, set]) => {
    const classes = [...set];
    const changed = classes.filter((c) => !c.startsWith('cm-dv-gap'));
    const cls =
      changed.length > 1
        ? [...classes.filter((c) => c.startsWith('cm-dv-gap')), 'cm-dv-both']
        : classes;
    return Decoration.line({ class: cls.join(' ') }).range(pos);
  });
  return Decoration.set([...lines, ...marks], true);
}

/**
 * Where a position of one side lies on the other side of a chunk list: inside a chunk, at the
 * same distance into it (clamped); between chunks, at the same distance from the previous one.
 */
export function mapPos(chunks: readonly Chunk[], pos: number, from: Side): number {
  const to: Side = from === 'a' ? 'b' : 'a';
  let refFrom = 0;
  let refTo = 0;
  for (const c of chunks) {
    const [f0, f1] = rangeOf(c, from);
    const [t0, t1] = rangeOf(c, to);
    if (pos < f0) break;
    if (pos < f1) return Math.min(t0 + (pos - f0), Math.max(t0, t1 - 1));
    refFrom = f1;
    refTo = t1;
  }
  return refTo + (pos - refFrom);
}
