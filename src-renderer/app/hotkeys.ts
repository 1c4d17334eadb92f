import { hotkeyFor } from './shortcuts';

/**
 * Window-wide keys, from the one table in `shortcuts.ts` (the `?` sheet lists the same table).
 * Keys of tables, tabs, dialogs and terminals belong to those and are handled there.
 *
 * Installed when the bundle starts (main.tsx), before the page's load event, not in a React
 * effect: React commits the first render and runs its effects a few ms after `load`, so a key
 * pressed as soon as the window shows (Ctrl+K at once) was lost. The palette's open state lives in
 * a store, so a Ctrl+K before the first render opens the palette with it. Returns the uninstall.
 */
export function installGlobalHotkeys(target: Document = document): () => void {
  const onKey = (e: KeyboardEvent) => {
    const hotkey = hotkeyFor(e);
    if (!hotkey || hotkey.run(e) === false) return;
    e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
