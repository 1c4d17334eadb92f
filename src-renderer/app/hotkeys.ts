import { useEffect } from 'react';
import { useNav } from './nav-store';
import { registry } from './contributions';

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
const modalOpen = () => document.querySelector('.overlay') !== null;

function focusSearch() {
  document.querySelector<HTMLInputElement>('[data-area-search]')?.focus();
}

/**
 * Window-wide keys: Ctrl/Cmd+K and Ctrl+Shift+P (palette), Ctrl+1..9 (areas), Ctrl+W (close tab),
 * `/` (search). Table keys (arrows, Enter, Delete, n) belong to the table itself.
 */
export function useGlobalHotkeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const nav = useNav.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if ((mod && !e.shiftKey && key === 'k') || (e.ctrlKey && e.shiftKey && key === 'p')) {
        e.preventDefault();
        nav.setPalette(!nav.paletteOpen);
        return;
      }
      if (modalOpen()) return;
      if (mod && !e.shiftKey && !e.altKey && /^[1-9]$/.test(e.key)) {
        const area = registry.areas()[Number(e.key) - 1];
        if (area) {
          e.preventDefault();
          nav.goArea(area.id);
        }
        return;
      }
      if (mod && key === 'w' && nav.active !== null) {
        e.preventDefault();
        nav.close(nav.active);
        return;
      }
      if (e.key === '/' && !mod && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        if (nav.active !== null) {
          nav.activate(null);
          requestAnimationFrame(focusSearch);
        } else focusSearch();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
