import { useLayoutEffect, useRef } from 'react';
import { sessionOf, useDiff, type DiffSession } from './diff-store';

type Position = DiffSession['position'];

/** "change 3 of 150 · pane 2", "150 changes · pane 1", "no differences". */
export function positionText(pos: NonNullable<Position>): string {
  if (pos.changes === 0) return 'no differences';
  const where = pos.change
    ? `change ${pos.change} of ${pos.changes}`
    : `${pos.changes} change${pos.changes === 1 ? '' : 's'}`;
  return `${where} · pane ${pos.pane + 1}`;
}

/**
 * Where the cursor is among the changes. It changes with every `]c` (held down: every frame), so
 * the store writes it straight into this element's text instead of re-rendering anything.
 */
export function ChangePosition({ sessionId }: { sessionId: string }) {
  const el = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const show = (pos: Position | undefined) => {
      const span = el.current;
      if (!span) return;
      const text = pos ? positionText(pos) : '';
      if (span.textContent !== text) span.textContent = text;
      span.hidden = !pos;
    };
    show(sessionOf(sessionId)?.position);
    return useDiff.subscribe((now, before) => {
      const pos = now.sessions[sessionId]?.position;
      if (pos !== before.sessions[sessionId]?.position) show(pos);
    });
  }, [sessionId]);
  return <span ref={el} className="muted" hidden data-testid="diff-position" />;
}
