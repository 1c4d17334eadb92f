import type { Chunk, DiffConfig } from '@codemirror/merge';
import type { Extension, Text } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { Side } from './hunk-ops';

/** One chunk list a pane takes part in, and who is on the other side of it. */
export interface Pair {
  chunks: readonly Chunk[];
  /** The pane's side in these chunks. */
  side: Side;
  /** Index of the pane on the other side. */
  other: number;
  docA: Text;
  docB: Text;
}

/** How panes are laid out: 2-way side by side, unified, or 3-way. */
export interface Layout {
  /** The editor of each side (unified: only the current file has one). */
  readonly views: readonly (EditorView | undefined)[];
  pairs(index: number): Pair[];
  /** Current content of each side. */
  docs(): Text[];
  /** Move a chunk's lines into side `into` of the pair (do / dp). */
  transfer(pair: Pair, chunk: Chunk, into: number): void;
  /** Unified only: obtain/put are accept/reject of the chunk at the cursor. */
  unifiedChunkAction?(action: 'obtain' | 'put'): boolean;
  /** Where scroll position is kept. */
  scrollTop(): number;
  setScrollTop(top: number): void;
  /** The element that scrolls every view together (none in 3-way: each pane scrolls itself). */
  scroller?: HTMLElement;
  /** Chunks are recomputed from scratch (3-way: after each change, debounced). */
  refresh?(): void;
  destroy(): void;
}

export interface LayoutInput {
  parent: HTMLElement;
  docs: readonly (Text | string)[];
  /** Extensions of each side's editor (built by the viewer, per side index). */
  extensions: (index: number) => Extension;
  selections: readonly (number | undefined)[];
  diffConfig: DiffConfig;
  collapse: boolean;
  /** Called when chunks were recomputed outside an editor update (3-way). */
  onChunks(): void;
}
