import { create } from 'zustand';
import {
  emptyFilter,
  nextSort,
  toggleIn,
  type HostColumn,
  type HostFilter,
  type HostSort,
} from './table-model';
import { emptySelection, type Selection } from '../../ui/selection';

interface HostsViewState {
  filter: HostFilter;
  sort: HostSort;
  selection: Selection;
  setQuery(query: string): void;
  toggleGroup(group: string): void;
  toggleTag(tag: string): void;
  clearFilters(): void;
  sortBy(column: HostColumn): void;
  setSelection(selection: Selection): void;
}

/** How the hosts table is looked at: search, chips, sort, selection. */
export const useHostsView = create<HostsViewState>((set) => ({
  filter: emptyFilter,
  sort: { column: 'name', dir: 'asc' },
  selection: emptySelection,
  setQuery: (query) => set((s) => ({ filter: { ...s.filter, query } })),
  toggleGroup: (g) =>
    set((s) => ({ filter: { ...s.filter, groups: toggleIn(s.filter.groups, g) } })),
  toggleTag: (t) => set((s) => ({ filter: { ...s.filter, tags: toggleIn(s.filter.tags, t) } })),
  clearFilters: () => set({ filter: emptyFilter }),
  sortBy: (column) => set((s) => ({ sort: nextSort(s.sort, column) })),
  setSelection: (selection) => set({ selection }),
}));
