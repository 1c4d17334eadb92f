import type { Host } from '../../../src-main/contract';
import { contribute, tab } from '../../app/contributions';
import { HostDetails } from './HostDetails';
import { HostDialogs } from './HostDialogs';
import { HostsArea } from './HostsArea';
import { hostsFeed, useHosts } from './hosts-store';
import {
  addHost,
  collectFacts,
  editHost,
  importLab,
  importSshConfig,
  openHost,
  planFacts,
  removeHosts,
  replaceHostKey,
  testConnection,
} from './host-actions';

/** The hosts an action applies to: the selection it was opened on, else the host itself. */
function hostsOf(h: Host, ids: readonly string[]): Host[] {
  const byId = useHosts.getState().byId;
  const selected = ids.flatMap((id) => byId.get(id) ?? []);
  return selected.length > 1 ? selected : [h];
}

/** The inventory: the Hosts area, host tabs, the host dialogs and the actions on a host. */
contribute({
  useHostList: () => ({ hosts: useHosts((s) => s.hosts), byId: useHosts((s) => s.byId) }),
  areas: [{ id: 'hosts', label: 'Hosts', order: 10, Screen: HostsArea }],
  tabs: [
    tab({
      kind: 'host',
      label: 'Host',
      View: ({ tab: t }) => <HostDetails hostId={t.hostId} />,
      // Host tabs follow renames.
      Title: ({ tab: t }) => <>{useHosts((s) => s.byId.get(t.hostId)?.name) ?? t.title}</>,
    }),
  ],
  overlays: [HostDialogs],
  feeds: [hostsFeed],
  palette: [
    {
      id: 'hosts:add',
      group: 'Hosts',
      label: 'Add host…',
      keywords: 'new create server',
      run: addHost,
    },
    { id: 'hosts:import-lab', group: 'Hosts', label: 'Import lab inventory…', run: importLab },
    {
      id: 'hosts:import-ssh',
      group: 'Hosts',
      label: 'Import ~/.ssh/config',
      keywords: 'openssh',
      run: () => void importSshConfig(),
    },
  ],
  hostActions: [
    {
      id: 'open',
      label: () => 'Open details',
      order: 10,
      shortcut: 'Enter',
      testId: 'action-open',
      run: (h) => openHost(h),
      palette: (n) => `Open ${n}`,
    },
    {
      id: 'test',
      label: () => 'Test connection',
      order: 60,
      testId: 'action-test-connection',
      run: (h) => testConnection(h),
      palette: (n) => `Test connection to ${n}`,
    },
    {
      id: 'collect',
      label: (n) => (n > 1 ? `Collect facts on ${n} selected hosts` : 'Collect facts'),
      order: 70,
      testId: 'action-collect-facts',
      run: (h, ids) => void collectFacts(hostsOf(h, ids)),
      palette: (n) => `Collect facts on ${n}`,
    },
    {
      id: 'plan',
      label: (n) =>
        n > 1 ? `Plan facts collection on ${n} hosts (dry run)` : 'Plan facts collection (dry run)',
      order: 80,
      testId: 'action-plan-facts',
      run: (h, ids) => planFacts(hostsOf(h, ids)),
      palette: (n) => `Plan facts collection on ${n} (dry run)`,
    },
    {
      id: 'edit',
      label: () => 'Edit…',
      order: 200,
      testId: 'action-edit',
      run: (h) => editHost(h),
    },
    {
      id: 'replace-key',
      label: () => 'Replace host key…',
      order: 205,
      testId: 'action-replace-key',
      run: (h) => replaceHostKey(h),
      palette: (n) => `Replace the host key of ${n}…`,
    },
    {
      id: 'remove',
      label: (n) => (n > 1 ? `Remove ${n} selected hosts…` : 'Remove…'),
      order: 210,
      shortcut: 'Del',
      danger: true,
      testId: 'action-remove',
      run: (_h, ids) => void removeHosts(ids),
    },
  ],
});
