/** What can be done to hosts, callable from the table, the details tab and the palette. */
import type { Host } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
import { openHostDialog, showImportResult } from './dialogs-store';

export function openHost(h: Host): void {
  nav().open({ kind: 'host', hostId: h.id, title: h.name });
}

export function testConnection(h: Host): void {
  openHostDialog({ kind: 'test', hostId: h.id });
}

/** Facts of one host, or of the selection: one run, one child per host. */
export async function collectFacts(hosts: Host | readonly Host[]): Promise<void> {
  const list = Array.isArray(hosts) ? hosts : [hosts as Host];
  const label = factsLabel(list);
  try {
    const { runId } = await client.call('workflows.start', {
      workflow: 'collect-facts',
      params: { hostIds: list.map((h) => h.id) },
    });
    nav().open({ kind: 'run', runId, title: `Facts · ${label}` });
  } catch (err) {
    notifyError(`Could not start facts collection on ${label}`, err);
  }
}

export function planFacts(hosts: Host | readonly Host[]): void {
  const list = Array.isArray(hosts) ? hosts : [hosts as Host];
  nav().open({
    kind: 'plan',
    request: { workflow: 'collect-facts', params: { hostIds: list.map((h) => h.id) } },
    title: `Plan · ${factsLabel(list)}`,
  });
}

const factsLabel = (hosts: readonly Host[]) =>
  hosts.length === 1 ? (hosts[0]?.name ?? '') : `${hosts.length} hosts`;

export const replaceHostKey = (h: Host) => openHostDialog({ kind: 'replace-key', hostId: h.id });
export const addHost = () => openHostDialog({ kind: 'add' });
export const editHost = (h: Host) => openHostDialog({ kind: 'edit', hostId: h.id });
export const removeHosts = (ids: string[]) =>
  ids.length > 0 && openHostDialog({ kind: 'remove', ids });
export const importLab = () => openHostDialog({ kind: 'import-lab' });

export async function importSshConfig(): Promise<void> {
  try {
    const result = await client.call('hosts.importSshConfig', {});
    showImportResult({ source: '~/.ssh/config', result });
  } catch (err) {
    notifyError('Import of ~/.ssh/config failed', err);
  }
}
