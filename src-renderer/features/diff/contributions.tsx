import { contribute, tab } from '../../app/contributions';
import { CompareDialog } from './compare/CompareDialog';
import { DiffTab } from './DiffTab';
import { DriftArea } from './drift/DriftArea';
import { DIFF_KEYS } from './viewer/diff-keys';
import { compareOnHosts, driftOnHosts, openCompareFiles, openDrift } from './open-compare';

/**
 * Config diff: comparison tabs (vimdiff keys, save-back), the drift tab, the "Compare with…"
 * dialog; "Compare a file…" on hosts and host selections; palette commands (docs/diff.md).
 */
contribute({
  tabs: [
    tab({ kind: 'diff', label: 'Diff', View: ({ tab: t }) => <DiffTab sessionId={t.sessionId} /> }),
    tab({ kind: 'drift', label: 'Drift', View: () => <DriftArea /> }),
  ],
  overlays: [CompareDialog],
  shortcuts: [...DIFF_KEYS],
  palette: [
    {
      id: 'config:compare',
      group: 'Config',
      label: 'Compare files…',
      keywords: 'diff vimdiff merge my.cnf config snapshot template',
      run: openCompareFiles,
    },
    {
      id: 'config:drift',
      group: 'Config',
      label: 'Check config drift…',
      keywords: 'diff fleet group baseline cluster push',
      run: openDrift,
    },
  ],
  hostActions: [
    {
      id: 'compare',
      label: (n) =>
        n > 3
          ? `Check a file for drift on ${n} selected hosts…`
          : n > 1
            ? `Compare a file on ${n} selected hosts…`
            : 'Compare a file…',
      order: 35,
      testId: 'action-compare-file',
      run: (h, selection) => compareOnHosts(selection.length > 1 ? selection : [h.id]),
      palette: (n) => `Compare a file on ${n}…`,
    },
  ],
  hostListActions: [
    {
      id: 'compare-selected',
      when: (n) => n > 1 && n <= 3,
      label: () => 'Compare file…',
      title: () => 'Compare one file across the selected hosts (vimdiff)',
      testId: 'compare-selected',
      run: (ids) => compareOnHosts(ids),
    },
    {
      id: 'check-drift',
      when: () => true,
      label: (n) => (n > 1 ? `Check drift on ${n}…` : 'Check drift…'),
      title: (n) =>
        n > 1
          ? `Read one file on the ${n} selected hosts: which ones differ from the rest`
          : 'Read one file across a group: which hosts differ from the rest',
      testId: 'check-drift',
      run: (ids) => (ids.length > 1 ? driftOnHosts(ids) : openDrift()),
    },
  ],
});
