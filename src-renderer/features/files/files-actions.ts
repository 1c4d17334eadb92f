/** What the file browser does: browse, open, save, transfer. Callable from hosts and the palette. */
import { toErrorShape, type FileEntry, type Host } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notify, notifyError } from '../../app/toasts';
import { isDirLike, joinPath, parentPath } from './file-rows';
import { browserOf, patchBrowser, patchEditor, putTransfer, useFiles } from './files-store';

export function openFiles(h: Host): void {
  nav().open({ kind: 'files', hostId: h.id, title: h.name });
  if (browserOf(h.id).path === null && !browserOf(h.id).loading) void browse(h.id, '.');
  void loadFolders();
}

/** The newest browse per host: an older listing that answers later must not replace it. */
const latestBrowse = new Map<string, number>();
let browseSeq = 0;

/** List `path`; the cursor goes to `select` (or stays on the same name when refreshing). */
export async function browse(hostId: string, path: string, select?: string): Promise<void> {
  const before = browserOf(hostId);
  const seq = ++browseSeq;
  latestBrowse.set(hostId, seq);
  const stale = () => latestBrowse.get(hostId) !== seq;
  patchBrowser(hostId, { loading: true, error: null, input: path === '.' ? '' : path });
  try {
    const listing = await client.call('files.list', { hostId, path });
    if (stale()) return;
    const same = listing.path === before.path;
    const keep = select ?? (same ? before.cursor : null);
    const first = listing.entries.find((e) => before.showHidden || !e.name.startsWith('.'));
    const cursor = listing.entries.some((e) => e.name === keep) ? keep : (first?.name ?? null);
    patchBrowser(hostId, {
      listing,
      path: listing.path,
      input: listing.path,
      loading: false,
      cursor,
    });
  } catch (err) {
    if (stale()) return;
    patchBrowser(hostId, { loading: false, error: toErrorShape(err) });
  }
}

export const refresh = (hostId: string) => browse(hostId, browserOf(hostId).path ?? '.');

export function goUp(hostId: string): void {
  const { path } = browserOf(hostId);
  if (!path || path === '/') return;
  void browse(hostId, parentPath(path), path.slice(path.lastIndexOf('/') + 1));
}

export function openEntry(hostId: string, entry: FileEntry): void {
  const dir = browserOf(hostId).path;
  if (!dir) return;
  const path = joinPath(dir, entry.name);
  if (isDirLike(entry)) void browse(hostId, path);
  else void openFile(hostId, path);
}

export async function openFile(hostId: string, path: string): Promise<void> {
  patchBrowser(hostId, {
    editor: {
      path,
      file: null,
      text: '',
      loading: true,
      saving: false,
      error: null,
      confirming: false,
    },
  });
  try {
    const file = await client.call('files.read', { hostId, path });
    patchEditor(hostId, { file, text: file.content, loading: false });
  } catch (err) {
    patchEditor(hostId, { loading: false, error: toErrorShape(err) });
  }
}

/** Read the file again (discarding edits); the listing too, its size and date may have moved. */
export const reloadFile = (hostId: string) => {
  const editor = browserOf(hostId).editor;
  if (!editor) return;
  const path = editor.file?.path ?? editor.path;
  void openFile(hostId, path);
  if (parentPath(path) === browserOf(hostId).path) void refresh(hostId);
};

export const closeEditor = (hostId: string) => patchBrowser(hostId, { editor: null });

/** Write the editor's text (after the confirmation): refused by the core if the file changed. */
export async function saveFile(hostId: string): Promise<void> {
  const editor = browserOf(hostId).editor;
  if (!editor?.file || editor.saving) return;
  const { file, text } = editor;
  patchEditor(hostId, { saving: true, confirming: false, error: null });
  try {
    const r = await client.call('files.write', {
      hostId,
      path: file.path,
      content: text,
      expectedEtag: file.etag,
    });
    const size = new TextEncoder().encode(text).length;
    patchEditor(hostId, { saving: false, file: { ...file, content: text, etag: r.etag, size } });
    notify(
      `Saved ${r.path}`,
      r.backupPath ? `Previous version kept as ${r.backupPath}` : undefined,
    );
    if (parentPath(r.path) === browserOf(hostId).path) void refresh(hostId);
  } catch (err) {
    patchEditor(hostId, { saving: false, error: toErrorShape(err) });
  }
}

export async function loadFolders(): Promise<void> {
  if (useFiles.getState().folders) return;
  try {
    useFiles.setState({ folders: await client.call('files.localFolders', {}) });
  } catch {
    /* the transfer dialog then starts with an empty local path */
  }
}

export async function startTransfer(
  hostId: string,
  kind: 'download' | 'upload',
  remotePath: string,
  localPath: string,
): Promise<boolean> {
  try {
    const method = kind === 'download' ? 'files.download' : 'files.upload';
    const { transferId } = await client.call(method, { hostId, remotePath, localPath });
    const known = useFiles.getState().transfers[transferId];
    if (!known) {
      const host = { hostId, hostName: '', transferred: 0, total: 0 };
      putTransfer({
        transferId,
        ...host,
        direction: kind,
        remotePath,
        localPath,
        state: 'running',
      });
    }
    return true;
  } catch (err) {
    notifyError(`Could not start the ${kind}`, err);
    return false;
  }
}

export async function cancelTransfer(transferId: string): Promise<void> {
  await client
    .call('transfers.cancel', { transferId })
    .catch((err) => notifyError('Cancel failed', err));
}

export const dismissTransfer = (transferId: string) =>
  useFiles.setState((s) => ({ dismissed: [...s.dismissed, transferId] }));

/** Transfers feed: progress events; a finished upload into the folder shown refreshes it. */
export function startFilesFeed(): () => void {
  void refetchTransfers();
  return client.on('transfer.progress', (p) => {
    putTransfer(p);
    if (p.direction === 'upload' && p.state === 'done') {
      const b = useFiles.getState().browsers[p.hostId];
      if (b?.path && parentPath(p.remotePath) === b.path) void refresh(p.hostId);
    }
  });
}

export async function refetchTransfers(): Promise<void> {
  try {
    for (const p of await client.call('transfers.list', {})) putTransfer(p);
  } catch {
    /* the strip shows what events bring */
  }
}
