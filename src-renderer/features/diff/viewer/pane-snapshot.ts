import type { Text } from '@codemirror/state';
import type { Layout } from './layout';
import { historyOf } from './pane';

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
