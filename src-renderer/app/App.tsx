import { useEffect } from 'react';
import { Sidebar } from './Sidebar';
import { MainArea, MAIN_ID } from './MainArea';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { CommandPalette } from './CommandPalette';
import { ShortcutsSheet } from './ShortcutsSheet';
import { useNav } from './nav-store';
import { startFeeds } from './feeds';
import { registry } from './contributions';

/** Landmarks: the sidebar `nav`, one `main` per area, the status bar `contentinfo`. */
export function App() {
  const paletteOpen = useNav((s) => s.paletteOpen);
  const shortcutsOpen = useNav((s) => s.shortcutsOpen);
  useEffect(() => startFeeds(), []);
  return (
    <div className="shell">
      <button
        type="button"
        className="skip-link"
        onClick={() => document.getElementById(MAIN_ID)?.focus()}
      >
        Skip to the main area
      </button>
      <Sidebar />
      <div className="workspace">
        <MainArea />
      </div>
      <StatusBar />
      {paletteOpen ? <CommandPalette /> : null}
      {shortcutsOpen ? <ShortcutsSheet /> : null}
      {registry.overlays().map((Overlay, i) => (
        <Overlay key={i} />
      ))}
      <Toasts />
    </div>
  );
}
