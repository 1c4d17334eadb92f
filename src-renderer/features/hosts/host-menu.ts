import type { Host } from '../../../src-main/contract';
import type { MenuEntry } from '../../ui/Menu';
import {
  collectFacts,
  editHost,
  openHost,
  planFacts,
  removeHosts,
  testConnection,
} from './host-actions';
import { openTerminal } from '../terminals/terminal-actions';
import { openFiles } from '../files/files-actions';
import { newTunnelFor } from '../tunnels/tunnels-store';
import { execOnHosts } from '../exec/exec-store';
import { showTopology } from '../mysql/mysql-store';
import { compareOnHosts } from '../diff/open-compare';

/**
 * The row / context menu of a host. `removeIds` is the selection when the host is part of it;
 * `selection` the hosts selected, for the actions that take many.
 */
export function hostMenuItems(
  h: Host,
  removeIds: string[],
  selection: readonly Host[] = [],
): MenuEntry[] {
  const n = removeIds.length;
  const many = n > 1 && selection.length > 1 ? selection : undefined;
  return [
    {
      id: 'open',
      label: 'Open details',
      shortcut: 'Enter',
      testId: 'action-open',
      onSelect: () => openHost(h),
    },
    {
      id: 'terminal',
      label: 'Open terminal',
      testId: 'action-open-terminal',
      onSelect: () => void openTerminal(h),
    },
    {
      id: 'files',
      label: 'Browse files',
      testId: 'action-browse-files',
      onSelect: () => openFiles(h),
    },
    {
      id: 'tunnel',
      label: 'Open tunnel…',
      testId: 'action-open-tunnel',
      onSelect: () => newTunnelFor(h),
    },
    {
      id: 'compare',
      label:
        n > 3
          ? `Check a file for drift on ${n} selected hosts…`
          : n > 1
            ? `Compare a file on ${n} selected hosts…`
            : 'Compare a file…',
      testId: 'action-compare-file',
      onSelect: () => compareOnHosts(n > 1 ? removeIds : [h.id]),
    },
    {
      id: 'exec',
      label: n > 1 ? `Run command on ${n} selected hosts…` : 'Run command…',
      testId: 'action-exec',
      onSelect: () => execOnHosts(n > 0 ? removeIds : [h.id]),
    },
    {
      id: 'test',
      label: 'Test connection',
      testId: 'action-test-connection',
      onSelect: () => testConnection(h),
    },
    {
      id: 'facts',
      label: many ? `Collect facts on ${many.length} selected hosts` : 'Collect facts',
      testId: 'action-collect-facts',
      onSelect: () => void collectFacts(many ?? h),
    },
    {
      id: 'plan',
      label: many
        ? `Plan facts collection on ${many.length} hosts (dry run)`
        : 'Plan facts collection (dry run)',
      testId: 'action-plan-facts',
      onSelect: () => planFacts(many ?? h),
    },
    ...(h.mysql
      ? [
          {
            id: 'mysql-topology',
            label: 'Show replication topology',
            testId: 'action-mysql-topology',
            onSelect: () => showTopology(h.name),
          },
        ]
      : []),
    { separator: true, id: 's1' },
    { id: 'edit', label: 'Edit…', testId: 'action-edit', onSelect: () => editHost(h) },
    {
      id: 'remove',
      label: n > 1 ? `Remove ${n} selected hosts…` : 'Remove…',
      shortcut: 'Del',
      danger: true,
      testId: 'action-remove',
      onSelect: () => removeHosts(n > 0 ? removeIds : [h.id]),
    },
  ];
}
