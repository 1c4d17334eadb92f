import type { KeyboardEvent } from 'react';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatBytes, formatDateTime } from '../../ui/format';
import { joinPath, parentPath } from './file-rows';
import { closeEditor, reloadFile } from './files-actions';
import { patchBrowser, patchEditor, useFiles, type EditorState } from './files-store';
import { SaveConfirm } from './SaveConfirm';
import { compareFileWith } from '../diff/open-compare';

const dirtyOf = (ed: EditorState) => ed.file !== null && ed.text !== ed.file.content;

/** A remote text file: edit, Ctrl+S saves after a confirmation (the core keeps a backup). */
export function FileEditor({ hostId, hostName }: { hostId: string; hostName: string }) {
  const ed = useFiles((s) => s.browsers[hostId]?.editor);
  // Owner names come with the listing (files.read gives ids only).
  const entry = useFiles((s) => {
    const b = s.browsers[hostId];
    const path = b?.editor?.file?.path;
    if (!b?.path || !path || parentPath(path) !== b.path) return undefined;
    return b.listing?.entries.find((e) => joinPath(b.path!, e.name) === path);
  });
  if (!ed) return null;
  const { file } = ed;
  const dirty = dirtyOf(ed);
  const editable = file !== null && !file.binary;
  const askSave = () => editable && !ed.saving && patchEditor(hostId, { confirming: true });
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      e.stopPropagation();
      askSave();
    }
  };
  const download = () =>
    patchBrowser(hostId, { dialog: { kind: 'download', remotePath: file?.path ?? ed.path } });
  const tooLarge = ed.error?.code === 'FILE_TOO_LARGE';

  return (
    <section className="file-editor" data-testid="file-editor" onKeyDown={onKeyDown}>
      <div className="fe-head">
        <span className="mono strong fe-path" title={file?.path ?? ed.path}>
          {file?.path ?? ed.path}
        </span>
        {dirty ? (
          <span className="tone-text-warn" data-testid="file-dirty">
            modified
          </span>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn small"
          title="Compare this file with another host's copy, a snapshot, a local file or a template"
          disabled={!file || file.binary}
          onClick={() => file && compareFileWith(hostId, file.path)}
          data-testid="file-compare"
        >
          Compare with…
        </button>
        <button type="button" className="btn small" onClick={() => reloadFile(hostId)}>
          Reload
        </button>
        <button
          type="button"
          className="btn small primary"
          title="Save (Ctrl+S)"
          disabled={!editable || !dirty || ed.saving}
          onClick={askSave}
          data-testid="file-save"
        >
          {ed.saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="btn small ghost"
          aria-label="Close the file"
          title={dirty ? 'Close (your edits are discarded)' : 'Close'}
          onClick={() => closeEditor(hostId)}
        >
          ✕
        </button>
      </div>
      {file ? (
        <div className="fe-meta faint mono" data-testid="file-meta">
          {formatBytes(file.size)} · mode 0{file.mode.toString(8)} ·{' '}
          {entry?.owner ?? `uid ${file.uid}`}:{entry?.group ?? `gid ${file.gid}`} · modified{' '}
          {formatDateTime(new Date(file.mtimeMs).toISOString())}
        </div>
      ) : null}
      {ed.error ? (
        <div className="fe-error">
          <ErrorNote error={ed.error} testId="file-error" />
          {ed.error.code === 'CONFLICT' ? (
            <button type="button" className="btn small" onClick={() => reloadFile(hostId)}>
              Reload from the server (discards your edits)
            </button>
          ) : null}
          {tooLarge ? (
            <button type="button" className="btn small" onClick={download}>
              Download…
            </button>
          ) : null}
        </div>
      ) : null}
      {ed.loading ? <div className="area-center muted">Loading…</div> : null}
      {file?.binary ? (
        <div className="area-center muted" data-testid="file-binary">
          <span>Binary file ({formatBytes(file.size)}): not shown, and not editable here.</span>
          <button type="button" className="btn small" onClick={download}>
            Download…
          </button>
        </div>
      ) : null}
      {editable ? (
        <textarea
          className="fe-text mono"
          aria-label={`Content of ${file.path}`}
          spellCheck={false}
          wrap="off"
          value={ed.text}
          onChange={(e) => patchEditor(hostId, { text: e.target.value })}
          data-testid="file-text"
        />
      ) : null}
      {ed.confirming && file ? (
        <SaveConfirm
          hostName={hostName}
          path={file.path}
          bytes={new TextEncoder().encode(ed.text).length}
          previousBytes={file.size}
          hostId={hostId}
        />
      ) : null}
    </section>
  );
}
