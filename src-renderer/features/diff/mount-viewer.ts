import { nav } from '../../app/nav-store';
import type { DiffSide } from '../../../src-main/contract';
import { requestSave } from './diff-actions';
import { patchSession, sessionOf, type DiffSession } from './diff-store';
import type { DiffViewer } from './viewer/diff-viewer';
import { liveViewers } from './viewer-registry';

/** Start loading the viewer's code (CodeMirror, merge, vim) before it is needed. */
export const prefetchViewer = (): void => void import('./viewer/diff-viewer').catch(() => {});

/**
 * Build the viewer engine for a loaded comparison, wired to the session's store. CodeMirror, the
 * merge view and vim are loaded with the first comparison, not with the app.
 */
export async function mountViewer(
  parent: HTMLElement,
  session: DiffSession & { sides: DiffSide[] },
): Promise<DiffViewer> {
  const { DiffViewer } = await import('./viewer/diff-viewer');
  performance.mark('opsdeck:diff:code');
  const id = session.id;
  const now = sessionOf(id) ?? session;
  const viewer = new DiffViewer(
    parent,
    session.sides.map((x) => ({
      label: x.label,
      content: x.content,
      editable: x.editable,
      kind: x.kind,
    })),
    now.options,
    {
      dirty: (i, d) => {
        const cur = sessionOf(id);
        if (cur && cur.dirty[i] !== d)
          patchSession(id, { dirty: cur.dirty.map((x, j) => (j === i ? d : x)) });
      },
      message: (text, tone) => patchSession(id, { message: { text, tone } }),
      position: (pane, change, changes) =>
        patchSession(id, { position: { pane, change, changes } }),
      save: (which) => void requestSave(id, which),
      exPrompt: () => patchSession(id, { exOpen: true }),
      mode: (editing, pending) => patchSession(id, { editing, pending }),
      close: () => nav().close(`diff:${id}`),
    },
    now.texts ?? undefined,
  );
  performance.mark('opsdeck:diff:built');
  liveViewers.set(id, viewer);
  viewer.focus();
  return viewer;
}

/** Keep unsaved edits in the store and let the engine go (the tab is hidden or closed). */
export function unmountViewer(id: string, viewer: DiffViewer): void {
  const texts = Array.from({ length: viewer.paneCount }, (_x, i) => viewer.text(i));
  if (sessionOf(id)) patchSession(id, { texts });
  viewer.destroy();
  liveViewers.delete(id);
}
