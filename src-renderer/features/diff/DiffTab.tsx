import { useEffect, useLayoutEffect, useRef } from 'react';
import { ErrorNote } from '../../ui/ErrorNote';
import { offersReadWithSudo } from '../../../src-main/contract';
import { loadSession, readWithSudo } from './diff-actions';
import { sessionOf } from './diff-store';
import { DiffToolbar } from './DiffToolbar';
import { SaveDialog } from './SaveDialog';
import { useSessionView } from './session-view';
import { SidesHeader } from './SidesHeader';
import { StatusLine } from './StatusLine';
import type { DiffViewer } from './viewer/diff-viewer';
import { mountViewer, unmountViewer } from './mount-viewer';
import { liveViewers } from './viewer-registry';
import './diff.css';

/**
 * One comparison: 2 files side by side or unified, or 3 (`vimdiff a b c`), with vimdiff's keys,
 * buttons for each of them, and save-back of edited host files.
 */
export function DiffTab({ sessionId }: { sessionId: string }) {
  // Not re-rendered for what only the status line shows (keys typed, the change under the cursor).
  const s = useSessionView(sessionId);
  const host = useRef<HTMLDivElement>(null);
  const sides = s?.sides;
  const loaded = s && !s.loading ? s.loaded : 0;

  // The engine lives while the tab is shown; edits survive switching tabs (kept in the store).
  // Built before the browser paints (a layout effect): the files arrive and the comparison shows
  // in the same frame, not one frame of "Loading…" later.
  useLayoutEffect(() => {
    const session = sessionOf(sessionId);
    const parent = host.current;
    if (!loaded || !parent || !session?.sides) return;
    let viewer: DiffViewer | undefined;
    let gone = false;
    void mountViewer(parent, { ...session, sides: session.sides }).then((v) => {
      if (gone) unmountViewer(sessionId, v);
      else viewer = v;
    });
    return () => {
      gone = true;
      if (viewer) unmountViewer(sessionId, viewer);
    };
    // Rebuilt for a full load only; saved or reloaded sides update the live viewer.
  }, [sessionId, loaded]);

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
          <div className="diff-error-actions">
            {offersReadWithSudo(s.error) ? (
              <button
                type="button"
                className="btn small primary"
                data-testid="diff-read-sudo"
                onClick={() => void readWithSudo(sessionId)}
              >
                Read with sudo
              </button>
            ) : null}
            <button type="button" className="btn small" onClick={() => void loadSession(sessionId)}>
              Try again
            </button>
          </div>
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
