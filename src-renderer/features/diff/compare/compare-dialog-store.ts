import { create } from 'zustand';
import { emptyRow, patchRows, type CompareRow } from './compare-form';

interface CompareDialogState {
  open: boolean;
  rows: CompareRow[];
  errors: string[];
}

/** The "Compare with…" dialog (one, app-wide): opened from files, hosts and the palette. */
export const useCompareDialog = create<CompareDialogState>(() => ({
  open: false,
  rows: [emptyRow(), emptyRow()],
  errors: [],
}));

export function openCompareDialog(rows: CompareRow[]): void {
  useCompareDialog.setState({ open: true, rows, errors: [] });
}

export const closeCompareDialog = () => useCompareDialog.setState({ open: false, errors: [] });

export function patchRow(index: number, patch: Partial<CompareRow>): void {
  useCompareDialog.setState((s) => ({
    rows: patchRows(s.rows, index, patch),
    errors: [],
  }));
}
