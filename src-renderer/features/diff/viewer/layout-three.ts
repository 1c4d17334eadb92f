import { Chunk } from '@codemirror/merge';
import { EditorSelection, EditorState, Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { transferChunk } from './hunk-ops';
import type { Layout, LayoutInput, Pair } from './layout';
import { mapPos, marksField, marksFor, setMarks } from './three-way';
import { scrollingEditor } from './theme';

const asText = (d: Text | string) => (typeof d === 'string' ? Text.of(d.split('\n')) : d);
const RECOMPUTE_MS = 150;

/**
 * Three files, `vimdiff a b c`: the middle one is edited; each outer file is compared with it.
 * Chunks come from @codemirror/merge (Chunk.build) for left–middle and middle–right; panes keep
 * their own scrollbars and follow each other through those chunks.
 */
export function threeWayLayout(input: LayoutInput): Layout {
  const wrap = input.parent.appendChild(document.createElement('div'));
  wrap.className = 'dv-three';
  let lm: readonly Chunk[] = [];
  let mr: readonly Chunk[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const views: EditorView[] = [];

  const recompute = () => {
    clearTimeout(timer);
    const [l, m, r] = views.map((v) => v.state.doc) as [Text, Text, Text];
    lm = Chunk.build(l, m, input.diffConfig);
    mr = Chunk.build(m, r, input.diffConfig);
    views[0]?.dispatch({
      effects: setMarks.of(marksFor(l, [{ chunks: lm, side: 'a', cls: 'cm-dv-changed' }])),
    });
    views[1]?.dispatch({
      effects: setMarks.of(
        marksFor(m, [
          { chunks: lm, side: 'b', cls: 'cm-dv-left' },
          { chunks: mr, side: 'a', cls: 'cm-dv-right' },
        ]),
      ),
    });
    views[2]?.dispatch({
      effects: setMarks.of(marksFor(r, [{ chunks: mr, side: 'b', cls: 'cm-dv-changed' }])),
    });
  };
  const schedule = EditorView.updateListener.of((u) => {
    if (u.docChanged) {
      clearTimeout(timer);
      timer = setTimeout(recompute, RECOMPUTE_MS);
    }
  });

  for (let i = 0; i < 3; i++) {
    const pane = wrap.appendChild(document.createElement('div'));
    pane.className = 'dv-pane';
    const pos = input.selections[i];
    views.push(
      new EditorView({
        parent: pane,
        state: EditorState.create({
          doc: asText(input.docs[i] as Text | string),
          ...(pos !== undefined ? { selection: EditorSelection.cursor(pos) } : {}),
          extensions: [input.extensions(i), scrollingEditor, marksField, schedule],
        }),
      }),
    );
  }
  recompute();

  // Scrolling one pane brings the others to the matching lines.
  let syncing = false;
  const toMiddle = (i: number, pos: number) =>
    i === 0 ? mapPos(lm, pos, 'a') : i === 2 ? mapPos(mr, pos, 'b') : pos;
  const fromMiddle = (j: number, pos: number) =>
    j === 0 ? mapPos(lm, pos, 'b') : j === 2 ? mapPos(mr, pos, 'a') : pos;
  const follow = (i: number) => {
    if (syncing) return;
    const src = views[i] as EditorView;
    const top = src.scrollDOM.scrollTop;
    const block = src.lineBlockAtHeight(top);
    const middlePos = toMiddle(i, block.from);
    syncing = true;
    views.forEach((v, j) => {
      if (j === i) return;
      const target = Math.min(fromMiddle(j, middlePos), v.state.doc.length);
      v.scrollDOM.scrollTop = v.lineBlockAt(target).top + (top - block.top);
    });
    requestAnimationFrame(() => {
      syncing = false;
    });
  };
  views.forEach((v, i) =>
    v.scrollDOM.addEventListener('scroll', () => follow(i), { passive: true }),
  );

  const pair = (
    chunks: readonly Chunk[],
    side: 'a' | 'b',
    other: number,
    a: number,
    b: number,
  ): Pair => ({
    chunks,
    side,
    other,
    docA: (views[a] as EditorView).state.doc,
    docB: (views[b] as EditorView).state.doc,
  });
  return {
    views,
    pairs: (index) =>
      index === 0
        ? [pair(lm, 'a', 1, 0, 1)]
        : index === 2
          ? [pair(mr, 'b', 1, 1, 2)]
          : [pair(lm, 'b', 0, 0, 1), pair(mr, 'a', 2, 1, 2)],
    docs: () => views.map((v) => v.state.doc),
    transfer(p, chunk, into) {
      const side = p.other === into ? (p.side === 'a' ? 'b' : 'a') : p.side;
      const t = transferChunk(chunk, side, p.docA, p.docB);
      (views[into] as EditorView).dispatch({
        changes: { from: t.from, to: t.to, insert: t.insert },
        userEvent: 'input.diff',
      });
      recompute();
    },
    scrollTop: () => views[1]?.scrollDOM.scrollTop ?? 0,
    setScrollTop: (top) => {
      if (views[1]) views[1].scrollDOM.scrollTop = top;
    },
    refresh: recompute,
    destroy() {
      clearTimeout(timer);
      views.forEach((v) => v.destroy());
      wrap.remove();
    },
  };
}
