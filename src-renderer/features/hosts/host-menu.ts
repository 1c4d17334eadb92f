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

/** The row / context menu of a host. `removeIds` is the selection when the host is part of it. */
export function hostMenuItems(h: Host, removeIds: string[]): MenuEntry[] {
  const n = removeIds.length;
  return [
    {
      id: 'open',
      label: 'Open details',
      shortcut: 'Enter',
      testId: 'action-open',
      onSelect: () => openHost(h),
    },
    {
      id: 'test',
      label: 'Test connection',
      testId: 'action-test-connection',
      onSelect: () => testConnection(h),
    },
    {
      id: 'facts',
      label: 'Collect facts',
      testId: 'action-collect-facts',
      onSelect: () => void collectFacts(h),
    },
    {
      id: 'plan',
      label: 'Plan facts collection (dry run)',
      testId: 'action-plan-facts',
      onSelect: () => planFacts(h),
    },
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
