import { ErrorNote } from '../../ui/ErrorNote';
import { Modal } from '../../ui/Modal';
import { confirmSave, reloadSide } from './diff-actions';
import { patchSave, patchSession, type DiffSession } from './diff-store';

/** Save back, said before it is done: what is written, what runs before and after, what is kept. */
export function SaveDialog({ session: s }: { session: DiffSession }) {
  const d = s.save;
  const side = d ? s.sides?.[d.index] : undefined;
  if (!d || !side) return null;
  const cancel = () => patchSession(s.id, { save: null });
  const name = side.path.slice(side.path.lastIndexOf('/') + 1);
  const changed = d.current === 'changed';
  return (
    <Modal
      title={`Save ${name} on ${side.hostName}?`}
      onClose={cancel}
      size="md"
      testId="diff-save-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={cancel}>
            Cancel
          </button>
          {changed ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                cancel();
                void reloadSide(s.id, d.index);
              }}
            >
              Reload {side.hostName}’s file
            </button>
          ) : null}
          <button
            type="button"
            className="btn primary"
            data-autofocus
            disabled={d.saving || d.current !== 'same'}
            onClick={() => void confirmSave(s.id)}
            data-testid="diff-save-confirm"
          >
            {d.saving ? 'Saving…' : d.validate && d.checks?.validate ? 'Validate and save' : 'Save'}
          </button>
        </>
      }
    >
      <p>
        Writes your version of <span className="mono">{side.path}</span> to{' '}
        <strong>{side.hostName}</strong> (<span className="tone-text-ok">+{d.added}</span>{' '}
        <span className="tone-text-crit">−{d.removed}</span> lines against the version you opened),
        replacing it in one step{side.readVia === 'sudo' ? ' through sudo -n' : ''}.
      </p>
      {d.current === 'checking' ? (
        <p className="muted">Checking that the file did not change on the host…</p>
      ) : null}
      {changed ? (
        <p className="tone-text-crit" data-testid="diff-save-changed">
          The file changed on {side.hostName} since you opened it. Saving would overwrite someone
          else’s change, so it is refused: reload it, look at what changed, and apply your edits
          again.
        </p>
      ) : null}
      <div className="diff-save-checks">
        <label className="check">
          <input
            type="checkbox"
            checked={d.validate && !!d.checks?.validate}
            disabled={!d.checks?.validate}
            onChange={(e) => patchSave(s.id, { validate: e.target.checked })}
            data-testid="diff-save-validate"
          />
          Validate first{' '}
          {d.checks?.validate ? (
            <span className="mono muted" title={d.checks.validate.description}>
              {d.checks.validate.command}
            </span>
          ) : (
            <span className="muted">{d.checks?.note ?? 'no validation known'}</span>
          )}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={d.reload && !!d.checks?.reload}
            disabled={!d.checks?.reload}
            onChange={(e) => patchSave(s.id, { reload: e.target.checked })}
            data-testid="diff-save-reload"
          />
          Reload after{' '}
          {d.checks?.reload ? (
            <span className="mono muted" title={d.checks.reload.description}>
              {d.checks.reload.command}
            </span>
          ) : (
            <span className="muted">no reload command in the host profile</span>
          )}
        </label>
      </div>
      <p className="muted">
        A failing validation replaces nothing. The current version is kept on the host as{' '}
        <span className="mono">{name}.opsdeck-&lt;date&gt;-&lt;time&gt;.bak</span> and in Opsdeck as
        a snapshot; owner and mode stay as they are. The save is audited with its diff.
      </p>
      {d.error ? <ErrorNote error={d.error} testId="diff-save-error" /> : null}
    </Modal>
  );
}
