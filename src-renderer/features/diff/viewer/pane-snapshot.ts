import type { Text } from '@codemirror/state';
import type { Layout } from './layout';
import { historyOf } from './pane-history';

/** What a rebuild carries over from the panes it replaces. */
export interface PaneSnapshot {
  /** Each side's content (with unsaved edits). */
  docs: Text[];
  selections: (number | undefined)[];
  /** Undo history of each pane. */
  histories: unknown[];
  scroll: number;
}

/** The panes' state now; `docs` are the fallback when no layout is built yet. */
export function snapshotPanes(layout: Layout | undefined, docs: Text[]): PaneSnapshot {
  if (!layout) return { docs, selections: [], histories: [], scroll: 0 };
  const selections: (number | undefined)[] = [];
  const histories: unknown[] = [];
  layout.views.forEach((v, i) => {
    selections[i] = v?.state.selection.main.head;
    histories[i] = v ? historyOf(v.state) : undefined;
  });
  return { docs: layout.docs(), selections, histories, scroll: layout.scrollTop() };
}

/**
 * The snapshot with side `index` read again: the new content, the cursor at the top, and no undo
 * history — the old edits belong to the old text, and undoing them on the new one would corrupt it.
 */
export function withSideReplaced(saved: PaneSnapshot, index: number, doc: Text): PaneSnapshot {
  const docs = [...saved.docs];
  const selections = [...saved.selections];
  const histories = [...saved.histories];
  docs[index] = doc;
  selections[index] = undefined;
  histories[index] = undefined;
  return { ...saved, docs, selections, histories };
}
