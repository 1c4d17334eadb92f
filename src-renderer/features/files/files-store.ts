import { create } from 'zustand';
import type {
  ErrorShape,
  FileContent,
  FileListing,
  LocalFolders,
  TransferProgress,
} from '../../../src-main/contract';
import type { FileSort } from './file-rows';

export interface EditorState {
  /** The path asked for (file.path is the resolved one once read). */
  path: string;
  file: FileContent | null;
  text: string;
  loading: boolean;
  saving: boolean;
  error: ErrorShape | null;
  /** The Save confirmation (what will be written, that a backup is kept) is showing. */
  confirming: boolean;
}

export type TransferDialog =
  { kind: 'download'; remotePath: string } | { kind: 'upload'; remoteDir: string };

export interface BrowserState {
  /** The folder listed (resolved by the core); null before the first listing. */
  path: string | null;
  /** What the path bar shows (typed, not yet browsed to). */
  input: string;
  listing: FileListing | null;
  loading: boolean;
  error: ErrorShape | null;
  sort: FileSort;
  showHidden: boolean;
  /** Name of the keyboard cursor's entry. */
  cursor: string | null;
  editor: EditorState | null;
  dialog: TransferDialog | null;
}

interface FilesState {
  /** One file browser per host (its tab). */
  browsers: Record<string, BrowserState>;
  /** Every transfer of this core, latest progress (from transfer.progress). */
  transfers: Record<string, TransferProgress>;
  /** Transfers the user dismissed from the strip. */
  dismissed: readonly string[];
  folders: LocalFolders | null;
}

export const newBrowser = (): BrowserState => ({
  path: null,
  input: '',
  listing: null,
  loading: false,
  error: null,
  sort: { column: 'name', dir: 'asc' },
  showHidden: false,
  cursor: null,
  editor: null,
  dialog: null,
});

/** View state of the file browsers; every decision about files is the core's. */
export const useFiles = create<FilesState>(() => ({
  browsers: {},
  transfers: {},
  dismissed: [],
  folders: null,
}));

export const browserOf = (hostId: string): BrowserState =>
  useFiles.getState().browsers[hostId] ?? newBrowser();

export function patchBrowser(hostId: string, patch: Partial<BrowserState>): void {
  useFiles.setState((s) => ({
    browsers: { ...s.browsers, [hostId]: { ...(s.browsers[hostId] ?? newBrowser()), ...patch } },
  }));
}

export function patchEditor(hostId: string, patch: Partial<EditorState>): void {
  const editor = browserOf(hostId).editor;
  if (editor) patchBrowser(hostId, { editor: { ...editor, ...patch } });
}

export function putTransfer(p: TransferProgress): void {
  useFiles.setState((s) => ({ transfers: { ...s.transfers, [p.transferId]: p } }));
}
