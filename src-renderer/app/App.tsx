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
import { HostDialogs } from '../features/hosts/HostDialogs';
import { Ec2Dialogs } from '../features/ec2/Ec2Dialogs';
import { CompareDialog } from '../features/diff/compare/CompareDialog';
import { PromptHost } from '../features/prompts/PromptHost';

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
      <HostDialogs />
      <Ec2Dialogs />
      <CompareDialog />
      {paletteOpen ? <CommandPalette /> : null}
      <PromptHost />
      <Toasts />
    </div>
  );
}
