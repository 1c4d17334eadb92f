import { redo, undo } from '@codemirror/commands';
import { EditorState, Text, type Transaction } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { historyOf, undoHistory } from './pane-history';
import { withSideReplaced, type PaneSnapshot } from './pane-snapshot';

/** A pane's state as a rebuild makes it: the snapshot's content and carried-over history. */
const paneFrom = (saved: PaneSnapshot, i: number) =>
  EditorState.create({ doc: saved.docs[i], extensions: undoHistory(saved.histories[i]) });

const run = (state: EditorState, command: typeof undo) => {
  let next = state;
  command({ state, dispatch: (tr: Transaction) => (next = tr.state) });
  return next;
};

/** Two panes; the left one edited by the user (a line typed at the end, then one deleted). */
function editedSnapshot(): PaneSnapshot {
  let left = EditorState.create({
    doc: 'port = 3306\nmax_connections = 100\n',
    extensions: undoHistory(),
  });
  left = left.update({
    changes: { from: left.doc.length, insert: 'bind-address = 0.0.0.0\n' },
    userEvent: 'input.type',
  }).state;
  left = left.update({
    changes: { from: 0, to: 'port = 3306\n'.length },
    userEvent: 'delete',
  }).state;
  const right = EditorState.create({ doc: 'port = 3307\n', extensions: undoHistory() });
  return {
    docs: [left.doc, right.doc],
    selections: [left.selection.main.head, 0],
    histories: [historyOf(left), historyOf(right)],
    scroll: 40,
  };
}

describe('a rebuild carries each pane over', () => {
  it('keeps the undo history of a pane that was not read again', () => {
    const saved = editedSnapshot();
    const pane = run(run(paneFrom(saved, 0), undo), undo);
    expect(pane.doc.toString()).toBe('port = 3306\nmax_connections = 100\n');
  });

  it('a side read again starts with a fresh undo history: undo leaves the reloaded text as read', () => {
    const saved = editedSnapshot();
    const reloaded = Text.of(['# read again', 'max_connections = 500', '']);
    const next = withSideReplaced(saved, 0, reloaded);
    const pane = paneFrom(next, 0);
    expect(run(pane, undo).doc.toString()).toBe(reloaded.toString());
    expect(run(run(pane, undo), redo).doc.toString()).toBe(reloaded.toString());
    // The cursor goes to the top; the other pane, the scroll and the old snapshot are untouched.
    expect(next.selections).toEqual([undefined, 0]);
    expect(next.histories[1]).toBe(saved.histories[1]);
    expect(next.docs[1]).toBe(saved.docs[1]);
    expect(next.scroll).toBe(40);
    expect(saved.docs[0]?.toString()).toBe('max_connections = 100\nbind-address = 0.0.0.0\n');
    expect(saved.histories[0]).toBeDefined();
  });
});
