import {
  acceptChunk,
  getChunks,
  getOriginalDoc,
  rejectChunk,
  unifiedMergeView,
} from '@codemirror/merge';
import { EditorSelection, EditorState, Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Layout, LayoutInput } from './layout';
import { scrollingEditor } from './theme';

const asText = (d: Text | string) => (typeof d === 'string' ? Text.of(d.split('\n')) : d);

/**
 * One editor holding the second file, with the first file's lines shown as deleted chunks
 * (@codemirror/merge's unifiedMergeView). `do` reverts a chunk to the first file (rejectChunk),
 * `dp` takes it into the first file (acceptChunk).
 */
export function unifiedLayout(input: LayoutInput): Layout {
  const pos = input.selections[1];
  const view = new EditorView({
    parent: input.parent,
    state: EditorState.create({
      doc: asText(input.docs[1] as Text | string),
      ...(pos !== undefined ? { selection: EditorSelection.cursor(pos) } : {}),
      extensions: [
        input.extensions(1),
        scrollingEditor,
        // Through the facet: CodeMirror rewrites the editor's class attribute on a focus change.
        EditorView.editorAttributes.of({ class: 'dv-unified' }),
        unifiedMergeView({
          original: asText(input.docs[0] as Text | string),
          mergeControls: false,
          highlightChanges: true,
          gutter: true,
          diffConfig: input.diffConfig,
          ...(input.collapse ? { collapseUnchanged: { margin: 3, minSize: 6 } } : {}),
        }),
      ],
    }),
  });
  const chunks = () => getChunks(view.state)?.chunks ?? [];
  return {
    views: [undefined, view],
    pairs: (index) =>
      index === 1
        ? [
            {
              chunks: chunks(),
              side: 'b',
              other: 0,
              docA: getOriginalDoc(view.state),
              docB: view.state.doc,
            },
          ]
        : [],
    docs: () => [getOriginalDoc(view.state), view.state.doc],
    transfer() {
      // Unified chunks move through accept/reject (unifiedChunkAction).
    },
    unifiedChunkAction: (action) => (action === 'obtain' ? rejectChunk(view) : acceptChunk(view)),
    scrollTop: () => view.scrollDOM.scrollTop,
    setScrollTop: (top) => {
      view.scrollDOM.scrollTop = top;
    },
    scroller: view.scrollDOM,
    destroy: () => view.destroy(),
  };
}
