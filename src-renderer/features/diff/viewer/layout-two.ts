import { MergeView } from '@codemirror/merge';
import { EditorSelection, Text } from '@codemirror/state';
import type { Layout, LayoutInput, Pair } from './layout';
import { transferChunk } from './hunk-ops';

const asText = (d: Text | string) => (typeof d === 'string' ? Text.of(d.split('\n')) : d);

/** Two files side by side in @codemirror/merge's MergeView (aligned, unchanged runs collapsed). */
export function twoWayLayout(input: LayoutInput): Layout {
  const sel = (i: number) => {
    const pos = input.selections[i];
    return pos === undefined ? undefined : EditorSelection.cursor(pos);
  };
  const mv = new MergeView({
    a: {
      doc: asText(input.docs[0] as Text | string),
      extensions: input.extensions(0),
      selection: sel(0),
    },
    b: {
      doc: asText(input.docs[1] as Text | string),
      extensions: input.extensions(1),
      selection: sel(1),
    },
    parent: input.parent,
    highlightChanges: true,
    gutter: true,
    diffConfig: input.diffConfig,
    ...(input.collapse ? { collapseUnchanged: { margin: 3, minSize: 6 } } : {}),
  });
  mv.dom.classList.add('dv-merge');
  const pair = (index: number): Pair => ({
    chunks: mv.chunks,
    side: index === 0 ? 'a' : 'b',
    other: index === 0 ? 1 : 0,
    docA: mv.a.state.doc,
    docB: mv.b.state.doc,
  });
  return {
    views: [mv.a, mv.b],
    pairs: (index) => [pair(index)],
    docs: () => [mv.a.state.doc, mv.b.state.doc],
    transfer(p, chunk, into) {
      const t = transferChunk(chunk, into === 0 ? 'a' : 'b', p.docA, p.docB);
      const view = into === 0 ? mv.a : mv.b;
      view.dispatch({
        changes: { from: t.from, to: t.to, insert: t.insert },
        userEvent: 'input.diff',
      });
    },
    scrollTop: () => mv.dom.scrollTop,
    setScrollTop: (top) => {
      mv.dom.scrollTop = top;
    },
    scroller: mv.dom,
    destroy: () => mv.destroy(),
  };
}
