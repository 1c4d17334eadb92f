/**
 * The EC2 tables' view model: the shared table model (ui/table-model) plus what only EC2 has —
 * columns shown by scope (region / account columns when the table mixes them) and the user's
 * persisted column choices.
 */
import type {
  ColumnModel as SharedColumnModel,
  TableModel as SharedTableModel,
} from '../../../ui/table-model';

export {
  applyView,
  emptyFilter,
  facetValues,
  nextSort,
  queryWords,
  toggleValue,
  type Facet,
  type SortState,
  type ViewFilter,
} from '../../../ui/table-model';

export interface ColumnModel<T> extends SharedColumnModel<T> {
  /**
   * Shown when the user has not chosen: true/false, or only when the table mixes regions or
   * accounts (the region and account columns).
   */
  visible?: boolean | 'multi-region' | 'multi-account';
}

export type TableModel<T> = SharedTableModel<T, ColumnModel<T>>;

/** Which columns show: the user's choice where made, else the column's default for the scope. */
export function isColumnVisible<T>(
  column: ColumnModel<T>,
  chosen: Readonly<Record<string, boolean>>,
  scope: { multiRegion: boolean; multiAccount: boolean },
): boolean {
  const c = chosen[column.id];
  if (c !== undefined) return c;
  const v = column.visible ?? true;
  if (v === 'multi-region') return scope.multiRegion;
  if (v === 'multi-account') return scope.multiAccount;
  return v;
}

/** Persisted column choices: a small JSON map per table, tolerant of junk. */
export function parseColumnChoices(raw: string | null): Record<string, boolean> {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).filter(
        (e): e is [string, boolean] => typeof e[1] === 'boolean',
      ),
    );
  } catch {
    return {};
  }
}
