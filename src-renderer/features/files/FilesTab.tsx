import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useHosts } from '../hosts/hosts-store';
import { ErrorNote } from '../../ui/ErrorNote';
import { browse, goUp, loadFolders, refresh } from './files-actions';
import { patchBrowser, useFiles } from './files-store';
import { joinPath } from './file-rows';
import { FileList } from './FileList';
import { FileEditor } from './FileEditor';
import { TransferDialog } from './TransferDialog';
import { TransfersStrip } from './TransfersStrip';
import './files.css';

/** A host's file browser (SFTP): path bar, listing, editor, transfers. */
export function FilesTab({ hostId }: { hostId: string }) {
  const host = useHosts((s) => s.byId.get(hostId));
  const b = useFiles((s) => s.browsers[hostId]);
  const pathInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  // Opened from a restored tab (or after the store was reset): list the home folder.
  useEffect(() => {
    if (!useFiles.getState().browsers[hostId]) void browse(hostId, '.');
    void loadFolders();
  }, [hostId]);

  // A new folder listed: keyboard to the listing (unless the user is typing in the editor).
  const path = b?.path;
  useEffect(() => {
    if (!path) return;
    const active = document.activeElement;
    if (active instanceof HTMLTextAreaElement) return;
    root.current?.querySelector<HTMLElement>('[data-testid="file-list"]')?.focus();
  }, [path]);

  if (!host)
    return <div className="area-center muted">This host was removed from the inventory.</div>;
  if (!b) return <div className="area-center muted">Loading…</div>;

  const cursorPath = b.path && b.cursor ? joinPath(b.path, b.cursor) : null;
  const cursorEntry = b.listing?.entries.find((e) => e.name === b.cursor);
  const canDownload = cursorEntry !== undefined && cursorEntry.type !== 'dir';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && e.key === 'ArrowUp' && !(e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      goUp(hostId);
    }
  };
  const onPathKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const target = b.input.trim();
      if (target) void browse(hostId, target);
    } else if (e.key === 'Escape' && b.input !== b.path) {
      e.preventDefault();
      e.stopPropagation();
      patchBrowser(hostId, { input: b.path ?? '' });
    }
  };
  const all = b.listing?.entries ?? [];
  const hidden = b.showHidden ? 0 : all.filter((e) => e.name.startsWith('.')).length;
  const counts = b.listing
    ? `${all.length - hidden} shown${hidden ? `, ${hidden} hidden` : ''}` +
      (b.listing.truncated ? ` (only the first ${all.length} entries were listed)` : '')
    : '';

  return (
    <div className="files" ref={root} data-testid={`files-${host.name}`} onKeyDown={onKeyDown}>
      <header className="files-head">
        <h2>Files</h2>
        <span className="mono muted">
          {host.user}@{host.name}
        </span>
        <button
          type="button"
          className="btn small"
          title="Parent folder (Alt+↑, Backspace in the list)"
          aria-label="Parent folder"
          disabled={!b.path || b.path === '/'}
          onClick={() => goUp(hostId)}
          data-testid="files-up"
        >
          ↑
        </button>
        <input
          ref={pathInput}
          className="input mono files-path"
          aria-label="Path"
          spellCheck={false}
          value={b.input}
          placeholder="/path/to/folder — Enter to go"
          onChange={(e) => patchBrowser(hostId, { input: e.target.value })}
          onKeyDown={onPathKey}
          data-testid="files-path"
        />
        <button type="button" className="btn small" onClick={() => void refresh(hostId)}>
          {b.loading ? 'Loading…' : 'Refresh'}
        </button>
        <label className="check small" title="Show files whose name starts with a dot">
          <input
            type="checkbox"
            checked={b.showHidden}
            onChange={(e) => patchBrowser(hostId, { showHidden: e.target.checked })}
            data-testid="files-show-hidden"
          />
          Hidden
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="btn small"
          disabled={!canDownload || !cursorPath}
          onClick={() =>
            cursorPath &&
            patchBrowser(hostId, { dialog: { kind: 'download', remotePath: cursorPath } })
          }
          data-testid="files-download"
        >
          Download…
        </button>
        <button
          type="button"
          className="btn small"
          disabled={!b.path}
          onClick={() =>
            b.path && patchBrowser(hostId, { dialog: { kind: 'upload', remoteDir: b.path } })
          }
          data-testid="files-upload"
        >
          Upload…
        </button>
      </header>
      {b.error ? <ErrorNote error={b.error} testId="files-error" /> : null}
      <div className={`files-body${b.editor ? ' with-editor' : ''}`}>
        <div className="files-list">
          <FileList hostId={hostId} />
          <div className="files-foot faint">
            <span>{counts}</span>
            <span className="spacer" />
            <span>Enter open · Backspace up · type to jump · right-click for actions</span>
          </div>
        </div>
        {b.editor ? <FileEditor hostId={hostId} hostName={host.name} /> : null}
      </div>
      <TransfersStrip hostId={hostId} />
      {b.dialog ? <TransferDialog hostId={hostId} hostName={host.name} dialog={b.dialog} /> : null}
    </div>
  );
}
