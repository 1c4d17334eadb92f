import { useConnection } from '../api/connection';
import { refreshSession, startSessionFeed } from './session-store';
import { registry } from './contributions';

/**
 * Start every area's event feed (feeds, not polling). After a reconnect, events may have been
 * missed, so everything is fetched once more.
 */
export function startFeeds(): () => void {
  const feeds = registry.feeds();
  const stops = [startSessionFeed(), ...feeds.map((f) => f.start())];
  let wasOpen = useConnection.getState().state === 'open';
  const offConn = useConnection.subscribe((c) => {
    const open = c.state === 'open';
    if (open && !wasOpen) {
      void refreshSession();
      for (const f of feeds) f.resync?.();
    }
    wasOpen = open;
  });
  return () => {
    offConn();
    stops.forEach((stop) => stop());
  };
}
