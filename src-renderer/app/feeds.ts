import { useConnection } from '../api/connection';
import { refreshSession, startSessionFeed } from './session-store';
import { refetchHosts, startHostsFeed } from '../features/hosts/hosts-store';
import { refetchPrompts, startPromptsFeed } from '../features/prompts/prompts-store';
import { refetchRuns, startRunsFeed } from '../features/workflows/runs-store';
import { resyncEc2, startEc2Feed } from '../features/ec2/ec2-store';
import { startTerminalsFeed } from '../features/terminals/term-sessions';
import { startExecFeed } from '../features/exec/exec-store';
import { refetchTransfers, startFilesFeed } from '../features/files/files-actions';
import { refetchTunnels, startTunnelsFeed } from '../features/tunnels/tunnels-store';
import { refetchBackups, startBackupsFeed } from '../features/backups/backups-store';

/**
 * Start every store's event feed (feeds, not polling). After a reconnect, events may have been
 * missed, so everything is fetched once more.
 */
export function startFeeds(): () => void {
  const stops = [
    startSessionFeed(),
    startHostsFeed(),
    startPromptsFeed(),
    startRunsFeed(),
    startEc2Feed(),
    startTerminalsFeed(),
    startExecFeed(),
    startFilesFeed(),
    startTunnelsFeed(),
    startBackupsFeed(),
  ];
  let wasOpen = useConnection.getState().state === 'open';
  const offConn = useConnection.subscribe((c) => {
    const open = c.state === 'open';
    if (open && !wasOpen) {
      void refreshSession();
      void refetchHosts();
      void refetchPrompts();
      void refetchRuns();
      resyncEc2();
      void refetchTransfers();
      void refetchTunnels();
      void refetchBackups();
    }
    wasOpen = open;
  });
  return () => {
    offConn();
    stops.forEach((stop) => stop());
  };
}
