import { create } from 'zustand';
import type { ImportResult } from '../../../src-main/contract';

export type HostDialog =
  | { kind: 'add' }
  | { kind: 'edit'; hostId: string }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'import-lab' }
  | { kind: 'test'; hostId: string }
  | { kind: 'replace-key'; hostId: string };

export interface LastImport {
  source: string;
  result: ImportResult;
}

/**
 * Which hosts dialog is open (opened from the table, the palette or the empty state), and the
 * result of the last import (shown as a panel above the table, not a modal: the hosts are what
 * the user wants to look at next).
 */
export const useHostDialog = create<{ dialog: HostDialog | null; lastImport: LastImport | null }>(
  () => ({
    dialog: null,
    lastImport: null,
  }),
);

export const openHostDialog = (dialog: HostDialog) => useHostDialog.setState({ dialog });
export const closeHostDialog = () => useHostDialog.setState({ dialog: null });
export const showImportResult = (lastImport: LastImport | null) =>
  useHostDialog.setState({ lastImport });
