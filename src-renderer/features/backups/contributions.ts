import { contribute } from '../../app/contributions';
import { nav } from '../../app/nav-store';
import { failedRestoreTests } from './backup-view';
import { BackupsArea } from './BackupsArea';
import { backupsFeed, followBackupRuns, setBackupForm, useBackups } from './backups-store';

/** A failed restore test is CRITICAL: counted beside the area's name. */
const useFailedTests = () => useBackups((s) => failedRestoreTests(s.entries).length);

/** Backups: the catalog, schedules and restore tests; "Back up…" on any host with MySQL. */
contribute({
  areas: [
    {
      id: 'backups',
      label: 'Backups',
      order: 35,
      keywords: 'restore dump mariabackup xtrabackup snapshot catalog schedule pitr',
      Screen: BackupsArea,
      useBadge: () => {
        const count = useFailedTests();
        return { count, title: `${count} restore test${count === 1 ? '' : 's'} failed` };
      },
    },
  ],
  feeds: [backupsFeed.feed, { start: followBackupRuns }],
  hostActions: [
    {
      id: 'backup-host',
      label: () => 'Back up…',
      order: 95,
      testId: 'action-backup',
      when: (h) => Boolean(h.mysql),
      run: (h) => {
        setBackupForm({ hostId: h.id });
        nav().goArea('backups');
      },
      palette: (name) => `Back up ${name}`,
    },
  ],
});
