import { useMemo, useState } from 'react';
import type { Column } from './VirtualTable';
import { nextSort, sortRows, type SortState, type SortValue } from './table-model';

type ColumnExtras<T> = Partial<Omit<Column<T>, 'id' | 'label' | 'width'>>;

/**
 * A sortable column whose cell is one text value (also its tooltip, for cut-off text): the common
 * case, so a column def is one line. `more` overrides any part (className, align, render…).
 */
export function textColumn<T>(
  id: string,
  label: string,
  width: string,
  value: (row: T) => string,
  more: ColumnExtras<T> = {},
): Column<T> {
  return {
    id,
    label,
    width,
    render: value,
    title: value,
    sortValue: value,
    sortable: true,
    ...more,
  };
}

/**
 * A column shown one way and sorted by another key (a date shown formatted and sorted by time,
 * a status badge sorted by severity).
 */
export function sortedColumn<T>(
  id: string,
  label: string,
  width: string,
  sortValue: (row: T) => SortValue,
  render: Column<T>['render'],
  more: ColumnExtras<T> = {},
): Column<T> {
  return { id, label, width, render, sortValue, sortable: true, ...more };
}

/** Milliseconds since the epoch of an ISO time, for sorting (unparsable: first). */
export const timeKey = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

/**
 * Header-click sorting for a table whose rows need no other view logic: the sorted rows, the
 * sort, and the handler for VirtualTable's `onSort`. `initial` null keeps the listing order.
 */
export function useSortedRows<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  initial: SortState | null = null,
): { rows: T[]; sort: SortState | null; onSort(column: string): void } {
  const [sort, setSort] = useState<SortState | null>(initial);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  return { rows: sorted, sort, onSort: (column) => setSort((s) => nextSort(s, column)) };
}
