/**
 * The hosts table's view, on the shared table model (ui/table-model.ts): what each column sorts
 * by, groups and tags as facets (groups are alternatives, tags narrow down), what search reads.
 */
import type { Host } from '../../../src-main/contract';
import type { ColumnModel, SortState, TableModel, ViewFilter } from '../../ui/table-model';

export type MysqlState = 'running' | 'stopped' | 'absent' | 'unknown';

export function mysqlState(h: Host): MysqlState {
  if (!h.facts) return 'unknown';
  if (!h.facts.mysql.installed) return 'absent';
  return h.facts.mysql.running ? 'running' : 'stopped';
}

const MYSQL_ORDER: Record<MysqlState, number> = { running: 0, stopped: 1, absent: 2, unknown: 3 };

/** IPv4 addresses sort numerically (10.0.0.9 before 10.0.0.10); names sort as text. */
export function addressKey(address: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return address.toLowerCase(); // names sort after numbers in every collation
  return m
    .slice(1)
    .map((p) => p.padStart(3, '0'))
    .join('.');
}

const HOST_COLUMNS = [
  { id: 'name', label: 'Name', sortValue: (h) => h.name },
  { id: 'address', label: 'Address', sortValue: (h) => addressKey(h.address) },
  { id: 'port', label: 'Port', sortValue: (h) => h.port },
  { id: 'user', label: 'User', sortValue: (h) => h.user },
  { id: 'auth', label: 'Auth', sortValue: (h) => h.auth },
  { id: 'groups', label: 'Groups', sortValue: (h) => h.groups.join(','), facet: (h) => h.groups },
  {
    id: 'tags',
    label: 'Tags',
    sortValue: (h) => h.tags.join(','),
    facet: (h) => h.tags,
    facetMatch: 'all',
  },
  { id: 'os', label: 'OS', sortValue: (h) => h.facts?.os ?? '' },
  { id: 'mysql', label: 'MySQL', sortValue: (h) => MYSQL_ORDER[mysqlState(h)] },
  {
    id: 'facts',
    label: 'Last facts',
    sortValue: (h) => (h.facts ? Date.parse(h.facts.collectedAt) || 0 : 0),
  },
] as const satisfies readonly ColumnModel<Host>[];

export type HostColumn = (typeof HOST_COLUMNS)[number]['id'];

export const HOST_MODEL: TableModel<Host> = {
  columns: HOST_COLUMNS,
  searchText: (h) => [h.name, h.address, ...h.groups, ...h.tags].join('\u0000'),
  tieBreak: (h) => h.name,
};

/** The model's column `id` (what the drawn column adds its width and cell to). */
export const hostColumn = (id: HostColumn): ColumnModel<Host> =>
  HOST_COLUMNS.find((c) => c.id === id)!;

export const DEFAULT_HOST_SORT: SortState = { column: 'name', dir: 'asc' };
export const emptyHostFilter: ViewFilter = { query: '', facets: { groups: [], tags: [] } };
