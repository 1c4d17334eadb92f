import { contribute, tab } from '../../app/contributions';
import { FilesTab } from './FilesTab';
import { openFiles, refetchTransfers, startFilesFeed } from './files-actions';

/** Files over SFTP: a file browser tab per host, and "Browse files" on every host. */
contribute({
  tabs: [
    tab({ kind: 'files', label: 'Files', View: ({ tab: t }) => <FilesTab hostId={t.hostId} /> }),
  ],
  feeds: [{ start: startFilesFeed, resync: () => void refetchTransfers() }],
  hostActions: [
    {
      id: 'files',
      label: () => 'Browse files',
      order: 30,
      testId: 'action-browse-files',
      run: (h) => openFiles(h),
      button: { testId: 'host-browse-files', label: 'Browse files' },
      palette: (n) => `Browse files on ${n}`,
    },
  ],
});
