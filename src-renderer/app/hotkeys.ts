import { useEffect } from 'react';
import { hotkeyFor } from './shortcuts';

/**
 * Window-wide keys, from the one table in `shortcuts.ts` (the `?` sheet lists the same table).
 * Keys of tables, tabs, dialogs and terminals belong to those and are handled there.
 */
export function useGlobalHotkeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const hotkey = hotkeyFor(e);
      if (!hotkey || hotkey.run(e) === false) return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
