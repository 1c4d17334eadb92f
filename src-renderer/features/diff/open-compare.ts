/** Ways into a comparison from elsewhere (files, hosts, palette), kept in one place. */
import type { Host } from '../../../src-main/contract';
import { nav } from '../../app/nav-store';
import { useHosts } from '../hosts/hosts-store';
import { openCompareDialog } from './compare/compare-dialog-store';
import { emptyRow, rowsForHosts } from './compare/compare-form';
import { patchForm } from './drift/drift-store';

const DEFAULT_PATH = '/etc/mysql/my.cnf';

/** Files tab: this file, against the same path on another host (to be picked). */
export function compareFileWith(hostId: string, path: string): void {
  const other = useHosts.getState().hosts.find((h) => h.id !== hostId);
  openCompareDialog([emptyRow(hostId, path), emptyRow(other?.id ?? '', path)]);
}

/** Host list: the selected hosts' copies of one file (2 or 3), or a drift check for more. */
export function compareOnHosts(hostIds: string[]): void {
  if (hostIds.length > 3) return driftOnHosts(hostIds);
  const h = useHosts.getState().byId.get(hostIds[0] ?? '');
  openCompareDialog(rowsForHosts(hostIds, h?.profile.mysqlConfigPath ?? DEFAULT_PATH));
}

/** The drift view (one tab): over a host selection, or the form as it was. */
export function openDrift(): void {
  nav().open({ kind: 'drift', title: 'Config drift' });
}

export function driftOnHosts(hostIds: string[]): void {
  patchForm({ scope: { kind: 'hosts', hostIds } });
  openDrift();
}

/** Palette: "Compare a file on db1…". */
export const compareOnHost = (h: Host) => compareOnHosts([h.id]);

export const openCompareFiles = () =>
  openCompareDialog([emptyRow('', DEFAULT_PATH), emptyRow('', DEFAULT_PATH)]);
