import { create } from 'zustand';
import { DEFAULT_HOST_SORT, emptyHostFilter } from './table-model';
import { nextSort, toggleValue, type SortState, type ViewFilter } from '../../ui/table-model';
import { emptySelection, type Selection } from '../../ui/selection';

interface HostsViewState {
  filter: ViewFilter;
  sort: SortState;
  selection: Selection;
  setQuery(query: string): void;
  /** A group or tag chip. */
  toggleFacet(column: 'groups' | 'tags', value: string): void;
  clearFilters(): void;
  sortBy(column: string): void;
  setSelection(selection: Selection): void;
}

/** How the hosts table is looked at: search, chips, sort, selection. */
export const useHostsView = create<HostsViewState>((set) => ({
  filter: emptyHostFilter,
  sort: DEFAULT_HOST_SORT,
  selection: emptySelection,
  setQuery: (query) => set((s) => ({ filter: { ...s.filter, query } })),
  toggleFacet: (column, value) =>
    set((s) => ({
      filter: {
        ...s.filter,
        facets: { ...s.filter.facets, [column]: toggleValue(s.filter.facets[column], value) },
      },
    })),
  clearFilters: () => set({ filter: emptyHostFilter }),
  sortBy: (column) => set((s) => ({ sort: nextSort(s.sort, column) })),
  setSelection: (selection) => set({ selection }),
}));
