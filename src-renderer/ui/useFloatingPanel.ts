import { useEffect, useLayoutEffect, useRef } from 'react';

export interface FloatingPanelOptions {
  /** Viewport coordinates of the top-left corner (kept on screen). */
  x: number;
  y: number;
  onClose(): void;
  /** What takes the focus when it opens (CSS selector inside the panel). */
  focus: string;
  /** No room below: 'flip' opens above the point (menus), 'clamp' slides up into view (panels). */
  vertical: 'flip' | 'clamp';
  /** Also close when the window loses focus or is resized (menus). */
  closeOnBlur?: boolean;
}

/**
 * The behaviour every floating panel shares (menus, popovers): placed at a point and kept on
 * screen, focused when it opens, closed by Esc or a click outside. Returns the panel's ref.
 */
export function useFloatingPanel<T extends HTMLElement = HTMLDivElement>({
  x,
  y,
  onClose,
  focus,
  vertical,
  closeOnBlur = false,
}: FloatingPanelOptions) {
  const ref = useRef<T>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const bottom = window.innerHeight - 4;
    const top =
      vertical === 'flip'
        ? y + r.height > bottom
          ? y - r.height
          : y
        : Math.min(y, bottom - r.height);
    el.style.left = `${Math.max(4, Math.min(x, window.innerWidth - r.width - 4))}px`;
    el.style.top = `${Math.max(4, top)}px`;
    el.querySelector<HTMLElement>(focus)?.focus();
  }, [x, y, focus, vertical]);

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
    const onBlur = () => closeRef.current();
    document.addEventListener('mousedown', onDown, true);
    document.addEventListener('keydown', onKey, true);
    if (closeOnBlur) {
      window.addEventListener('blur', onBlur);
      window.addEventListener('resize', onBlur);
    }
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      document.removeEventListener('keydown', onKey, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [closeOnBlur]);

  return ref;
}
