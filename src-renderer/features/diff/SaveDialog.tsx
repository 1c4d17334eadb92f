import type { ConfigCommand } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { Modal } from '../../ui/Modal';
import { confirmSave, reloadSide } from './diff-actions';
import { patchSave, patchSession, type DiffSession } from './diff-store';

/** A command the save may run (validation, reload): a checkbox naming it, off when none is known. */
function CommandCheck(p: {
  label: string;
  command: ConfigCommand | undefined;
  missing: string;
  checked: boolean;
  onChange(on: boolean): void;
  testId: string;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={p.checked && !!p.command}
        disabled={!p.command}
        onChange={(e) => p.onChange(e.target.checked)}
        data-testid={p.testId}
      />
      {p.label}{' '}
      {p.command ? (
        <span className="mono muted" title={p.command.description}>
          {p.command.command}
        </span>
      ) : (
        <span className="muted">{p.missing}</span>
      )}
    </label>
  );
}

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
        <CommandCheck
          label="Validate first"
          command={d.checks?.validate}
          missing={d.checks?.note ?? 'no validation known'}
          checked={d.validate}
          onChange={(validate) => patchSave(s.id, { validate })}
          testId="diff-save-validate"
        />
        <CommandCheck
          label="Reload after"
          command={d.checks?.reload}
          missing="no reload command in the host profile"
          checked={d.reload}
          onChange={(reload) => patchSave(s.id, { reload })}
          testId="diff-save-reload"
        />
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
