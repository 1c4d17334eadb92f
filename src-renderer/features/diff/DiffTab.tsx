import { useEffect, useRef } from 'react';
import { ErrorNote } from '../../ui/ErrorNote';
import { nav } from '../../app/nav-store';
import { loadSession, requestSave } from './diff-actions';
import { patchSession, sessionOf, useDiff } from './diff-store';
import { DiffToolbar } from './DiffToolbar';
import { SaveDialog } from './SaveDialog';
import { SidesHeader } from './SidesHeader';
import { StatusLine } from './StatusLine';
import { DiffViewer } from './viewer/diff-viewer';
import { liveViewers } from './viewer-registry';
import './diff.css';

/**
 * One comparison: 2 files side by side or unified, or 3 (`vimdiff a b c`), with vimdiff's keys,
 * buttons for each of them, and save-back of edited host files.
 */
export function DiffTab({ sessionId }: { sessionId: string }) {
  const s = useDiff((st) => st.sessions[sessionId]);
  const host = useRef<HTMLDivElement>(null);
  const sides = s?.sides;
  const ready = !!sides && !s.loading;

  // The engine lives while the tab is shown; edits survive switching tabs (kept in the store).
  useEffect(() => {
    const session = sessionOf(sessionId);
    if (!ready || !host.current || !session?.sides) return;
    const viewer = new DiffViewer(
      host.current,
      session.sides.map((x) => ({
        label: x.label,
        content: x.content,
        editable: x.editable,
        kind: x.kind,
      })),
      session.options,
      {
        dirty: (i, d) => {
          const cur = sessionOf(sessionId);
          if (cur && cur.dirty[i] !== d)
            patchSession(sessionId, { dirty: cur.dirty.map((x, j) => (j === i ? d : x)) });
        },
        message: (text, tone) => patchSession(sessionId, { message: { text, tone } }),
        position: (pane, change, changes) =>
          patchSession(sessionId, { position: { pane, change, changes } }),
        save: (which) => void requestSave(sessionId, which),
        exPrompt: () => patchSession(sessionId, { exOpen: true }),
        mode: (editing, pending) => patchSession(sessionId, { editing, pending }),
        close: () => nav().close(`diff:${sessionId}`),
      },
      session.texts ?? undefined,
    );
    liveViewers.set(sessionId, viewer);
    viewer.focus();
    return () => {
      const texts = Array.from({ length: viewer.paneCount }, (_x, i) => viewer.text(i));
      if (sessionOf(sessionId)) patchSession(sessionId, { texts });
      viewer.destroy();
      liveViewers.delete(sessionId);
    };
    // Rebuilt when the loaded sides change (a full reload); options are applied below.
  }, [sessionId, ready, sides]);

  const options = s?.options;
  useEffect(() => {
    if (options) liveViewers.get(sessionId)?.setOptions(options);
  }, [sessionId, options]);

  if (!s) return <div className="area-center muted">This comparison was closed.</div>;
  return (
    <div className="diff" data-testid="diff-tab">
      <DiffToolbar session={s} />
      {s.error ? (
        <div className="diff-error">
          <ErrorNote error={s.error} testId="diff-error" />
          <button type="button" className="btn small" onClick={() => void loadSession(sessionId)}>
            Try again
          </button>
        </div>
      ) : null}
      {sides ? <SidesHeader session={s} /> : null}
      <div
        className={`diff-view${s.options.layout === 'unified' && sides?.length === 2 ? ' unified' : ''}`}
        ref={host}
        data-testid="diff-view"
      >
        {s.loading ? <div className="area-center muted">Loading…</div> : null}
      </div>
      <StatusLine session={s} />
      {s.save ? <SaveDialog session={s} /> : null}
    </div>
  );
}
