import { formatBytes } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { saveFile } from './files-actions';
import { patchEditor } from './files-store';

/** What Save will do, said before it is done. */
export function SaveConfirm(p: {
  hostId: string;
  hostName: string;
  path: string;
  bytes: number;
  previousBytes: number;
}) {
  const name = p.path.slice(p.path.lastIndexOf('/') + 1);
  const cancel = () => patchEditor(p.hostId, { confirming: false });
  return (
    <Modal
      title={`Save ${name} on ${p.hostName}?`}
      onClose={cancel}
      size="sm"
      testId="file-save-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={cancel}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            data-autofocus
            data-testid="file-save-confirm"
            onClick={() => void saveFile(p.hostId)}
          >
            Save
          </button>
        </>
      }
    >
      <p>
        Writes <strong>{formatBytes(p.bytes)}</strong> (was {formatBytes(p.previousBytes)}) to{' '}
        <span className="mono">{p.path}</span>, replacing it in one step.
      </p>
      <p>
        The current version is kept beside it as{' '}
        <span className="mono">{name}.opsdeck-&lt;date&gt;-&lt;time&gt;.bak</span>; owner and mode
        stay as they are. If the file changed since you opened it, nothing is written.
      </p>
    </Modal>
  );
}
