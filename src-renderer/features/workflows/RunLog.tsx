import { useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../src-main/contract';
import { formatClock } from '../../ui/format';

const SHOWN = 5000;

/** The live log: follows new lines unless the user scrolled up to read. */
export function RunLog({
  lines,
  names,
}: {
  lines: readonly LogLine[];
  /** Child key → host name: lines of a child carry its name. */
  names?: ReadonlyMap<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    follow.current = atEnd;
    if (atEnd !== following) setFollowing(atEnd);
  };
  const jump = () => {
    follow.current = true;
    setFollowing(true);
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  };

  const hidden = Math.max(0, lines.length - SHOWN);
  const shown = hidden ? lines.slice(hidden) : lines;
  return (
    <div className="log-wrap">
      <div
        ref={ref}
        className="log mono"
        data-testid="run-log"
        onScroll={onScroll}
        role="log"
        aria-live="off"
        tabIndex={0}
      >
        {hidden ? <div className="faint">… {hidden} earlier lines not shown</div> : null}
        {shown.length === 0 ? <div className="faint">No output yet.</div> : null}
        {shown.map((l) => (
          <div key={l.seq} className={`log-line lvl-${l.level}`}>
            <span className="log-time">{formatClock(l.at)}</span>
            {l.childKey && names?.get(l.childKey) ? (
              <span className="log-child">{names.get(l.childKey)}</span>
            ) : null}
            <span className="log-text">
              {l.level === 'cmd' ? '$ ' : ''}
              {l.text}
            </span>
          </div>
        ))}
      </div>
      {following ? null : (
        <button type="button" className="btn small log-jump" onClick={jump}>
          ↓ Follow log
        </button>
      )}
    </div>
  );
}
