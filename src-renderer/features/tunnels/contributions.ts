import { contribute } from '../../app/contributions';
import { newTunnelFor, tunnelsFeed } from './tunnels-store';
import { TunnelsArea } from './TunnelsArea';

/** Tunnels: the area, "New tunnel…", and "Open tunnel…" through every host. */
contribute({
  areas: [
    {
      id: 'tunnels',
      label: 'Tunnels',
      order: 60,
      keywords: 'port forwarding ssh socks',
      Screen: TunnelsArea,
    },
  ],
  feeds: [tunnelsFeed],
  palette: [
    {
      id: 'tunnels:new',
      group: 'Hosts',
      label: 'New tunnel…',
      keywords: 'port forward -L -R -D socks ssh',
      run: () => newTunnelFor(),
    },
  ],
  hostActions: [
    {
      id: 'tunnel',
      label: () => 'Open tunnel…',
      order: 40,
      testId: 'action-open-tunnel',
      run: (h) => newTunnelFor(h),
      button: { testId: 'host-open-tunnel', label: 'Open tunnel…' },
      palette: (n) => `Open tunnel through ${n}…`,
    },
  ],
});
