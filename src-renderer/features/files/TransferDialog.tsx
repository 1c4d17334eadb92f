import { useState, type FormEvent } from 'react';
import { Field } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { joinPath, localJoin } from './file-rows';
import { startTransfer } from './files-actions';
import { patchBrowser, useFiles, type TransferDialog as Dialog } from './files-store';

/**
 * Download or upload. Local paths are on the machine running Opsdeck's core (this desktop; in
 * web mode, the machine that runs `opsdeck serve`).
 */
export function TransferDialog({
  hostId,
  hostName,
  dialog,
}: {
  hostId: string;
  hostName: string;
  dialog: Dialog;
}) {
  const folders = useFiles((s) => s.folders);
  const download = dialog.kind === 'download';
  const name = download ? dialog.remotePath.slice(dialog.remotePath.lastIndexOf('/') + 1) : '';
  const [local, setLocal] = useState(() =>
    folders
      ? download
        ? localJoin(folders.downloads, name)
        : localJoin(folders.downloads, '')
      : '',
  );
  const [remote, setRemote] = useState(
    download ? dialog.remotePath : joinPath(dialog.remoteDir, ''),
  );
  const [busy, setBusy] = useState(false);
  const close = () => patchBrowser(hostId, { dialog: null });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    if (await startTransfer(hostId, dialog.kind, remote.trim(), local.trim())) close();
    else setBusy(false);
  };
  const ready = local.trim() !== '' && remote.trim() !== '';

  return (
    <Modal
      title={download ? `Download ${name} from ${hostName}` : `Upload to ${hostName}`}
      onClose={close}
      testId="transfer-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            form="transfer-form"
            className="btn primary"
            disabled={!ready || busy}
            data-testid="transfer-start"
          >
            {download ? 'Download' : 'Upload'}
          </button>
        </>
      }
    >
      <form id="transfer-form" className="form" onSubmit={(e) => void submit(e)}>
        {download ? (
          <Field label="Remote file" htmlFor="transfer-remote">
            <input id="transfer-remote" className="input mono" value={remote} readOnly />
          </Field>
        ) : null}
        <Field
          label={download ? 'Save to' : 'Local file'}
          htmlFor="transfer-local"
          hint={
            download
              ? 'On the machine running Opsdeck. Written as <path>.opsdeck-part, renamed when complete.'
              : 'On the machine running Opsdeck.'
          }
        >
          <input
            id="transfer-local"
            className="input mono"
            value={local}
            onChange={(e) => setLocal(e.target.value)}
            data-autofocus
            data-testid="transfer-local"
          />
        </Field>
        {download ? null : (
          <Field
            label="Remote path"
            htmlFor="transfer-remote"
            hint="A folder receives the file under its name. A file there is replaced in one step; its previous version is kept as a timestamped backup."
          >
            <input
              id="transfer-remote"
              className="input mono"
              value={remote}
              onChange={(e) => setRemote(e.target.value)}
              data-testid="transfer-remote"
            />
          </Field>
        )}
      </form>
    </Modal>
  );
}
