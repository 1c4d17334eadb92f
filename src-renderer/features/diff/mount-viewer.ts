import { nav } from '../../app/nav-store';
import type { DiffSide } from '../../../src-main/contract';
import { requestSave } from './diff-actions';
import { patchSession, sessionOf, type DiffSession } from './diff-store';
import type * as DiffViewerModule from './viewer/diff-viewer';
import type { DiffViewer, ViewerSide } from './viewer/diff-viewer';
import type { KnownRegions } from './viewer/line-changes';
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
    .then(([{ warmUpViewer }, { startLineDiffWorker }]) => {
      startLineDiffWorker();
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
 * merge view and vim are loaded with the first comparison (or prefetched), not with the app; a
 * 2-file pair is diffed in the diff worker first, and the viewer is built with that answer.
 */
export async function mountViewer(
  parent: HTMLElement,
  session: DiffSession & { sides: DiffSide[] },
): Promise<DiffViewer> {
  stopWarmUp?.();
  stopWarmUp = undefined;
  const id = session.id;
  const sides: ViewerSide[] = session.sides.map((x) => ({
    label: x.label,
    content: x.content,
    editable: x.editable,
    kind: x.kind,
  }));
  let viewerModule: ViewerModule;
  let ahead: KnownRegions | undefined;
  const before = sessionOf(id) ?? session;
  mounting++;
  try {
    viewerModule = loadedViewer ?? (await loadViewer());
    performance.mark('opsdeck:diff:code');
    // The diff worker diffs the pair while the page paints the comparison's header.
    const diffing = viewerModule.firstDiffOffThread(
      sides,
      before.options,
      before.texts ?? undefined,
    );
    // Meanwhile this thread splits the files into lines (the viewer would do it first thing).
    for (const side of sides) side.lines = viewerModule.textOf(side.content);
    ahead = await diffing;
    // Who diffed: the diff journey (e2e) checks that the worker runs under the CSP.
    performance.mark('opsdeck:diff:diffed', { detail: { by: viewerModule.lastAnsweredBy() } });
  } finally {
    mounting--;
  }
  const { DiffViewer } = viewerModule;
  const now = sessionOf(id) ?? session;
  // Options or texts changed meanwhile: the viewer diffs what it shows itself.
  if (now.options !== before.options || now.texts !== before.texts) ahead = undefined;
  const viewer = new DiffViewer(
    parent,
    sides,
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
      mode: (editing, pending) => {
        const cur = sessionOf(id);
        if (cur && (cur.editing !== editing || cur.pending !== pending))
          patchSession(id, { editing, pending });
      },
      close: () => nav().close(`diff:${id}`),
    },
    now.texts ?? undefined,
    ahead,
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
