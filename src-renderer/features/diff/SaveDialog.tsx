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
      <span className="diff-save-check-label">{p.label}</span>
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
  // Refused by the write itself (changed after the check above): the same callout, its words.
  const conflict = changed && d.error?.code === 'CONFLICT';
  const edits = d.added + d.removed === 1 ? 'edit' : 'edits';
  return (
    <Modal
      title={`Save ${name} on ${side.hostName}?`}
      onClose={cancel}
      size="md"
      testId="diff-save-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={cancel}>
            Cancel
          </button>
          {changed ? (
            <button
              type="button"
              className="btn primary"
              data-autofocus
              title="Read the file as it is on the host now: your edits in this pane are dropped"
              onClick={() => {
                cancel();
                void reloadSide(s.id, d.index);
              }}
              data-testid="diff-save-reload-side"
            >
              Reload {side.hostName}’s file
            </button>
          ) : null}
          <button
            type="button"
            className={`btn${changed ? '' : ' primary'}`}
            {...(changed ? {} : { 'data-autofocus': true })}
            disabled={d.saving || d.current !== 'same'}
            onClick={() => void confirmSave(s.id)}
            data-testid="diff-save-confirm"
          >
            {d.saving ? 'Saving…' : d.validate && d.checks?.validate ? 'Validate and save' : 'Save'}
          </button>
        </>
      }
    >
      {changed ? (
        <div
          className="diff-save-changed"
          role="alert"
          data-testid="diff-save-changed"
          data-code={conflict ? 'CONFLICT' : undefined}
        >
          <div className="strong">
            {conflict
              ? (d.error?.message ?? '')
              : `The file changed on ${side.hostName} since you opened it.`}
          </div>
          <div>
            Saving would overwrite that change, so {conflict ? 'it was refused' : 'it is refused'}.
            Reload {side.hostName}’s file to see what changed (your {edits} in this pane{' '}
            {edits === 'edit' ? 'is' : 'are'} dropped), then apply{' '}
            {edits === 'edit' ? 'it' : 'them'} again and save.
          </div>
        </div>
      ) : null}
      <p>
        Writes your version of <span className="mono">{side.path}</span> to{' '}
        <strong>{side.hostName}</strong> (<span className="tone-text-ok">+{d.added}</span>{' '}
        <span className="tone-text-crit">−{d.removed}</span> lines against the version you opened),
        replacing it in one step{side.readVia === 'sudo' ? ' through sudo -n' : ''}.
      </p>
      {d.current === 'checking' ? (
        <p className="muted">Checking that the file did not change on the host…</p>
      ) : null}
      {changed ? null : (
        <>
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
            <span className="mono">{name}.opsdeck-&lt;date&gt;-&lt;time&gt;.bak</span> and in
            Opsdeck as a snapshot; owner and mode stay as they are. The save is audited with its
            diff.
          </p>
        </>
      )}
      {d.error && !conflict ? <ErrorNote error={d.error} testId="diff-save-error" /> : null}
    </Modal>
  );
}
