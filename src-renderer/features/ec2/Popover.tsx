import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** A small panel under a button that stays open while used (checkbox lists); Esc/outside closes. */
export function Popover({
  x,
  y,
  label,
  onClose,
  children,
  testId,
}: {
  x: number;
  y: number;
  label: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    el.style.left = `${Math.max(4, Math.min(x, window.innerWidth - r.width - 4))}px`;
    el.style.top = `${Math.max(4, Math.min(y, window.innerHeight - r.height - 4))}px`;
    el.querySelector<HTMLElement>('input, button')?.focus();
  }, [x, y]);
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) closeRef.current();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeRef.current();
      }
    };
    document.addEventListener('mousedown', onDown, true);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, []);
  return createPortal(
    <div ref={ref} className="menu popover" role="dialog" aria-label={label} data-testid={testId}>
      {children}
    </div>,
    document.body,
  );
}

/** Open a popover under the clicked element. */
export const below = (e: { currentTarget: Element }) => {
  const r = e.currentTarget.getBoundingClientRect();
  return { x: r.left, y: r.bottom + 2 };
};
