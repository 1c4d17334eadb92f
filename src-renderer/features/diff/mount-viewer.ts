import { nav } from '../../app/nav-store';
import type { DiffSide } from '../../../src-main/contract';
import { requestSave } from './diff-actions';
import { patchSession, sessionOf, setOption, type DiffSession } from './diff-store';
import type * as DiffViewerModule from './viewer/diff-viewer';
import type { DiffViewer } from './viewer/diff-viewer';
import { liveViewers } from './viewer-registry';

type ViewerModule = typeof DiffViewerModule;
/** The viewer's code once loaded: later mounts build at once, without waiting for an import. */
let loadedViewer: ViewerModule | undefined;
const loadViewer = async (): Promise<ViewerModule> =>
  (loadedViewer ??= await import('./viewer/diff-viewer'));
let stopWarmUp: (() => void) | undefined;
let warmed = false;
let mounting = 0;

/**
 * Start loading the viewer's code (CodeMirror, merge, vim) before it is needed, and once per page,
 * when the browser is idle, run it out of sight on a small pair so that its code is compiled
 * before the first real comparison (see viewer/warm-up.ts).
 */
export function prefetchViewer(): void {
  void Promise.all([import('./viewer/warm-up'), loadViewer()])
    .then(([{ warmUpViewer }]) => {
      if (warmed) return;
      warmed = true;
      const run = () => {
        if (mounting || liveViewers.size) return;
        stopWarmUp = warmUpViewer();
      };
      if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 1000 });
      else setTimeout(run, 50);
    })
    .catch(() => {});
}

/**
 * Build the viewer engine for a loaded comparison, wired to the session's store. CodeMirror, the
 * merge view and vim are loaded with the first comparison, not with the app.
 */
export async function mountViewer(
  parent: HTMLElement,
  session: DiffSession & { sides: DiffSide[] },
): Promise<DiffViewer> {
  stopWarmUp?.();
  stopWarmUp = undefined;
  let viewerModule: ViewerModule;
  mounting++;
  try {
    // Already loaded (prefetched): no await, the viewer is built in this task.
    viewerModule = loadedViewer ?? (await loadViewer());
  } finally {
    mounting--;
  }
  const { DiffViewer } = viewerModule;
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
      collapse: (on) => setOption(id, 'collapse', on),
      mode: (editing, pending) => {
        const cur = sessionOf(id);
        if (cur && (cur.editing !== editing || cur.pending !== pending))
          patchSession(id, { editing, pending });
      },
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
