import { useEffect } from 'react';
import { Sidebar } from './Sidebar';
import { TabStrip } from './TabStrip';
import { MainArea } from './MainArea';
import { StatusBar } from './StatusBar';
import { ConnectionBanner } from './ConnectionBanner';
import { Toasts } from './Toasts';
import { CommandPalette } from './CommandPalette';
import { useGlobalHotkeys } from './hotkeys';
import { useNav } from './nav-store';
import { startFeeds } from './feeds';
import { registry } from './contributions';

export function App() {
  const paletteOpen = useNav((s) => s.paletteOpen);
  useGlobalHotkeys();
  useEffect(() => startFeeds(), []);
  return (
    <div className="shell">
      <Sidebar />
      <div className="workspace">
        <ConnectionBanner />
        <TabStrip />
        <MainArea />
      </div>
      <StatusBar />
      {paletteOpen ? <CommandPalette /> : null}
      {registry.overlays().map((Overlay, i) => (
        <Overlay key={i} />
      ))}
      <Toasts />
    </div>
  );
}
