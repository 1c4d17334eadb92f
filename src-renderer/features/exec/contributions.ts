import { contribute } from '../../app/contributions';
import { ExecArea } from './ExecArea';
import { execOnHosts, startExecFeed } from './exec-store';

/** Cluster exec: the area, and "Run command…" on a host or the selected hosts. */
contribute({
  areas: [
    { id: 'exec', label: 'Exec', order: 50, keywords: 'cluster command run', Screen: ExecArea },
  ],
  feeds: [{ start: startExecFeed }],
  hostActions: [
    {
      id: 'exec',
      label: (n) => (n > 1 ? `Run command on ${n} selected hosts…` : 'Run command…'),
      order: 50,
      testId: 'action-exec',
      run: (_h, ids) => execOnHosts(ids),
    },
  ],
});
