import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDiff, type DiffSession } from './diff-store';

/** What only the status line shows: it changes with every key typed and every `]c`. */
const STATUS_ONLY: ReadonlySet<string> = new Set<keyof DiffSession>([
  'pending',
  'message',
  'position',
]);

/**
 * Whether the tab around the editors (toolbar, file headers, save dialog) shows `b` exactly as
 * `a`: only the status line's fields differ. The focused pane counts (the toolbar and the
 * headers follow it); which change of how many does not.
 */
export function sameBesidesStatus(a: DiffSession, b: DiffSession): boolean {
  if (a.position?.pane !== b.position?.pane) return false;
  const ka = Object.keys(a) as (keyof DiffSession)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => STATUS_ONLY.has(k) || a[k] === b[k]);
}

/**
 * The comparison as the tab renders it: a new object only when something besides the status line
 * changed, so `]c` (held down, through a 50,000-line file) re-renders the status line alone.
 */
export function useSessionView(id: string): DiffSession | undefined {
  const last = useRef<DiffSession | undefined>(undefined);
  return useDiff((st) => {
    const cur = st.sessions[id];
    const prev = last.current;
    if (prev && cur && prev !== cur && sameBesidesStatus(prev, cur)) return prev;
    last.current = cur;
    return cur;
  });
}

/**
 * The status line's own fields. Not the position: it changes with every `]c` and has its own
 * element (ChangePosition), so selecting it here would re-render the status line on every jump.
 */
export function useSessionStatus(id: string) {
  return useDiff(useShallow((st) => statusFields(st.sessions[id])));
}

/** What the status line reads of a session (compared field by field: a new object is no change). */
export const statusFields = (s: DiffSession | undefined) => ({
  pending: s?.pending ?? '',
  message: s?.message ?? null,
});
