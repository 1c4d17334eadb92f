import { create } from 'zustand';
import { emptySelection, type Selection } from '../../ui/selection';
import { KINDS, type Ec2Kind } from './model/kinds';
import {
  emptyFilter,
  nextSort,
  parseColumnChoices,
  toggleValue,
  type SortState,
  type ViewFilter,
} from '../../ui/table-model';

export interface KindView {
  filter: ViewFilter;
  sort: SortState | null;
  selection: Selection;
  /** Column id → shown; persisted per table. */
  columns: Record<string, boolean>;
}

const COLUMNS_KEY = (kind: Ec2Kind) => `opsdeck.ec2.columns.${kind}`;
const DEFAULT_SORT: Partial<Record<Ec2Kind, SortState>> = {
  instances: { column: 'name', dir: 'asc' },
  images: { column: 'created', dir: 'desc' },
  snapshots: { column: 'started', dir: 'desc' },
};

function initial(kind: Ec2Kind): KindView {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(COLUMNS_KEY(kind));
  } catch {
    raw = null;
  }
  return {
    filter: emptyFilter,
    sort: DEFAULT_SORT[kind] ?? null,
    selection: emptySelection,
    columns: parseColumnChoices(raw),
  };
}

interface ViewState {
  views: Partial<Record<Ec2Kind, KindView>>;
  /** The details panel beside the table. */
  details: boolean;
}

/** How each EC2 table is looked at: search, facets, sort, selection, columns. */
export const useEc2View = create<ViewState>(() => ({
  views: Object.fromEntries(KINDS.map((k) => [k.id, initial(k.id)])),
  details: true,
}));

export const viewOf = (kind: Ec2Kind): KindView =>
  useEc2View.getState().views[kind] ?? initial(kind);

function update(kind: Ec2Kind, fn: (v: KindView) => Partial<KindView>) {
  useEc2View.setState((s) => {
    const v = s.views[kind] ?? initial(kind);
    return { views: { ...s.views, [kind]: { ...v, ...fn(v) } } };
  });
}

export const setQuery = (kind: Ec2Kind, query: string) =>
  update(kind, (v) => ({ filter: { ...v.filter, query } }));
export const toggleFacet = (kind: Ec2Kind, column: string, value: string) =>
  update(kind, (v) => ({
    filter: {
      ...v.filter,
      facets: { ...v.filter.facets, [column]: toggleValue(v.filter.facets[column], value) },
    },
  }));
export const clearFilter = (kind: Ec2Kind) => update(kind, () => ({ filter: emptyFilter }));
export const sortBy = (kind: Ec2Kind, column: string) =>
  update(kind, (v) => ({ sort: nextSort(v.sort, column) }));
export const setSelection = (kind: Ec2Kind, selection: Selection) =>
  update(kind, () => ({ selection }));
export const toggleDetails = () => useEc2View.setState((s) => ({ details: !s.details }));

export function setColumn(kind: Ec2Kind, column: string, shown: boolean): void {
  update(kind, (v) => ({ columns: { ...v.columns, [column]: shown } }));
  try {
    localStorage.setItem(COLUMNS_KEY(kind), JSON.stringify(viewOf(kind).columns));
  } catch {
    // not remembered, still applied
  }
}

export function resetColumns(kind: Ec2Kind): void {
  update(kind, () => ({ columns: {} }));
  try {
    localStorage.removeItem(COLUMNS_KEY(kind));
  } catch {
    // ignore
  }
}
